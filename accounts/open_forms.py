"""Forms for the requests that need no account: the short carer's assessment request and the call back."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import HoursBand, Relationship
from accounts.open_requests import CARRYING_ON
from carers_portal.core.forms import GovForm, HoneypotMixin, PostcodeField
from services.referrals.forms import YES_NO, ContactForm
from services.referrals.models import Referral


def _radios(label: str, choices: Any, error: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
        **kwargs,
    )


def _text(label: str, max_length: int, *, error: str = "", textarea: bool = False, **kwargs: Any) -> forms.CharField:
    messages = {
        "max_length": f"{label.removesuffix(' (optional)').rstrip('?')} must be {max_length:,} characters or fewer"
    }
    if error:
        messages["required"] = error
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput(attrs=kwargs.pop("attrs", {}))
    return forms.CharField(
        label=label, max_length=max_length, required=bool(error), error_messages=messages, widget=widget, **kwargs
    )


class _Token(HoneypotMixin, forms.Form):
    """One request per form: a double click, refresh or resubmit stores one referral."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)


# Easy read wording for the carer's assessment request: short sentences, one idea each, everyday words.
EASY_READ: dict[str, tuple[str, str]] = {
    "at_risk": ("Is someone in danger now?", "If someone is in danger now, phone 999. Do not use this form."),
    "name": ("What is your name?", ""),
    "postcode": ("What is your postcode?", "We use it to find the right people near you."),
    "phone": ("Your phone number", "You can leave this empty if you give an email or address."),
    "email": ("Your email address", "We send you a message to say we got your form."),
    "address": ("Your address", ""),
    "best_time_to_contact": ("When can we phone or visit you?", ""),
    "call_back": ("Please phone me", "You must give your phone number."),
    "relationship": ("Who do you look after?", ""),
    "hours_band": ("How many hours a week do you spend looking after them?", ""),
    "carrying_on": ("Can you keep looking after them?", ""),
    "what_would_help": ("What would help you? (you do not have to answer)", ""),
    "communication_needs": (
        "Do you need help to talk with us? (you do not have to answer)",
        "For example, easy read, large print, British Sign Language or someone to translate.",
    ),
    "consent": ("I say yes to sharing this form with the people who help carers near me", ""),
}


class CarerRequestForm(_Token, ContactForm):
    """Name, how to contact, postcode and a few questions (a carer's assessment request without an account)."""

    submit_label = "Send my request"

    at_risk = _radios(
        "Is anyone at immediate risk of harm?",
        YES_NO,
        "Select yes if anyone is at immediate risk of harm",
        help_text="If someone is in danger now, call 999 instead of filling in this form.",
    )
    name = _text("Your full name", 150, error="Enter your full name", attrs={"autocomplete": "name"})
    postcode = PostcodeField(
        label="Your postcode",
        error_messages={"required": "Enter your postcode"},
        help_text="We use it to send your request to the carers' organisation for your area.",
    )
    relationship = _radios("Who do you care for?", Relationship.choices, "Select who you care for")
    hours_band = _radios(
        "About how many hours a week do you spend caring?", HoursBand.choices, "Select how many hours you care"
    )
    carrying_on = _radios(
        "Do you feel able to carry on caring?", list(CARRYING_ON.items()), "Select if you feel able to carry on"
    )
    what_would_help = _text("What would help you most? (optional)", 1000, textarea=True)
    communication_needs = _text(
        "Do you have any communication needs? (optional)",
        500,
        textarea=True,
        help_text="For example, an interpreter, British Sign Language, easy read or large print.",
    )
    call_back = forms.BooleanField(
        label="Ask someone to call me at the best time",
        required=False,
        help_text="You need to give a phone number above.",
    )
    consent = forms.BooleanField(
        label="I agree to share these details with the carers' organisation for my area",
        error_messages={"required": "Agree to share your details, or phone us instead"},
    )

    field_order = [
        "at_risk",
        "name",
        "postcode",
        "phone",
        "email",
        "address",
        "best_time_to_contact",
        "call_back",
        "relationship",
        "hours_band",
        "carrying_on",
        "what_would_help",
        "communication_needs",
        "consent",
        "website",
        "submission_token",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Div, Field, Layout, Submit

        fields = [Field(name) for name in self.field_order if name not in ("website",)]
        self.helper.inputs = []
        self.helper.layout = Layout(
            *fields[:-1],
            Div(Field("website"), css_class="kcc-honeypot"),
            fields[-1],
            Submit("submit", self.submit_label),
        )

    def use_easy_read(self) -> None:
        """The same questions (same field names, so the same question ids reach the provider) in easy read words."""
        for name, (label, help_text) in EASY_READ.items():
            self.fields[name].label = label
            self.fields[name].help_text = help_text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("call_back") and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number so someone can call you back")
        return cleaned


class CallBackForm(_Token, GovForm):
    """ "Ask someone to call me": the least we need to call back."""

    submit_label = "Ask for a call back"

    name = _text("Your name", 150, error="Enter your name", attrs={"autocomplete": "name"})
    phone = _text(
        "Phone number",
        30,
        error="Enter a phone number so someone can call you back",
        attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"},
    )
    postcode = PostcodeField(label="Your postcode", error_messages={"required": "Enter your postcode"})
    best_time = _radios(
        "When is the best time to call you?", Referral.BestTime.choices, "Select the best time to call you"
    )
    about = _text("What would you like to talk about? (optional)", 500, textarea=True)
    consent = forms.BooleanField(
        label="I agree to share these details so that someone can call me",
        error_messages={"required": "Agree to share your details so that someone can call you"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Div, Field, Layout, Submit

        self.helper.inputs = []
        self.helper.layout = Layout(
            *(Field(n) for n in ("name", "phone", "postcode", "best_time", "about", "consent")),
            Div(Field("website"), css_class="kcc-honeypot"),
            Field("submission_token"),
            Submit("submit", self.submit_label),
        )

    def clean_phone(self) -> str:
        return ContactForm.clean_phone(self)  # type: ignore[arg-type]
