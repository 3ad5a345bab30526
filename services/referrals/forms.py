"""The referral journey's forms: one question group per page, GOV.UK wording, limits on every field."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from carers_portal.core.forms import GovForm, HoneypotMixin, PostcodeField
from services.referrals.models import Referral

YES_NO = [("yes", "Yes"), ("no", "No")]
_PHONE_ALLOWED = re.compile(r"^[0-9 +()\-]+$")


def _too_long(what: str, limit: int) -> str:
    return f"{what} must be {limit:,} characters or fewer"


def _text(
    label: str, *, max_length: int, required: bool = True, missing: str = "", what: str = "", **kwargs: Any
) -> forms.CharField:
    errors = {"max_length": _too_long(what or label, max_length)}
    if missing:
        errors["required"] = missing
    return forms.CharField(label=label, max_length=max_length, required=required, error_messages=errors, **kwargs)


class _SingleRadiosForm(GovForm):
    """One radios question whose legend is the page's h1 (the GOV.UK one-question pattern)."""

    single_question = True
    question = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Field, Layout, Size

        self.helper.layout = Layout(Field.radios(self.question, legend_size=Size.LARGE, legend_tag="h1"))


class SafetyForm(_SingleRadiosForm):
    question = "at_risk"

    at_risk = forms.ChoiceField(
        label="Is anyone at immediate risk of harm?",
        help_text="For example, someone is in danger of hurting themselves or someone else, or is being hurt now.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if anyone is at immediate risk of harm"},
    )


class WhoForm(_SingleRadiosForm):
    question = "who_needs_support"

    who_needs_support = forms.ChoiceField(
        label="Who needs support?",
        choices=Referral.WhoNeedsSupport.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who needs support"},
    )


class AboutForm(GovForm):
    """About the person who needs support (and the carer referring them, if it is not themselves)."""

    def __init__(self, *args: Any, for_someone_else: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if for_someone_else:
            self.fields = {
                "referrer_name": _text(
                    "Your full name",
                    max_length=150,
                    missing="Enter your full name",
                    widget=forms.TextInput(attrs={"autocomplete": "name"}),
                ),
                "name": _text(
                    "Full name of the person you care for",
                    max_length=150,
                    missing="Enter the full name of the person you care for",
                    what="Their full name",
                    widget=forms.TextInput(),
                ),
                "cared_for_agrees": forms.ChoiceField(
                    label="Does the person you care for know about this request and agree to it?",
                    choices=YES_NO,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Select yes if the person you care for knows and agrees"},
                ),
                **{k: v for k, v in self.fields.items() if k not in ("name",)},
            }
            self.fields["age_band"].label = "How old is the person you care for?"
            self.fields["postcode"].label = "Their postcode"

    name = _text(
        "Full name",
        max_length=150,
        missing="Enter your full name",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    age_band = forms.ChoiceField(
        label="How old are you?",
        choices=Referral.AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select an age group, or prefer not to say"},
    )
    postcode = PostcodeField(help_text="We use this to find the team nearest to you.")

    def clean_cared_for_agrees(self) -> str:
        value = str(self.cleaned_data["cared_for_agrees"])
        if value == "no":
            raise forms.ValidationError(
                "The person you care for must know about and agree to this request. Talk to them first, "
                "or call adult social care on 03000 41 61 61 if you are worried about them"
            )
        return value


class ContactForm(GovForm):
    phone = _text(
        "Phone number",
        max_length=30,
        required=False,
        help_text="A UK landline or mobile number.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "class": "govuk-input--width-20"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        required=False,
        help_text="We will send you a receipt and tell you when your request changes.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": _too_long("Email address", 254),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    address = _text(
        "Postal address",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
    )
    best_time_to_contact = forms.ChoiceField(
        label="When is the best time to contact you?",
        choices=Referral.BestTime.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the best time to contact you"},
    )

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone", "")).strip()
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not _PHONE_ALLOWED.match(phone) or not 10 <= len(digits) <= 13:
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email") or cleaned.get("address")):
            raise forms.ValidationError(
                "Enter at least one way to contact you: a phone number, an email address or a postal address"
            )
        return cleaned


class HelpForm(GovForm):
    help_wanted = _text(
        "What help would you like?",
        max_length=1000,
        missing="Enter what help you would like",
        what="What help you would like",
        help_text="Tell us briefly what is happening and what would help. Do not include bank details.",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    heard_about = forms.ChoiceField(
        label="How did you hear about this service? (optional)",
        choices=Referral.HeardAbout.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    armed_forces = forms.ChoiceField(
        label="Is the person who needs support part of the Armed Forces community? (optional)",
        help_text=(
            "This includes people who serve or have served, reservists and their families. "
            "We ask so the council can check that the Armed Forces Covenant is working."
        ),
        choices=Referral.ArmedForces.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class CommunicationForm(GovForm):
    communication_needs = forms.MultipleChoiceField(
        label="Do you have any communication needs?",
        help_text="Select all that apply. Leave blank if you have none.",
        choices=Referral.CommunicationNeed.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_language = _text(
        "If you need an interpreter, which language?",
        max_length=60,
        required=False,
        what="The language",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        needs = cleaned.get("communication_needs") or []
        if Referral.CommunicationNeed.INTERPRETER in needs and not cleaned.get("interpreter_language"):
            self.add_error("interpreter_language", "Enter the language you need an interpreter for")
        return cleaned


class OutsideForm(GovForm):
    """The choice to send a request anyway, offered only where the provider takes requests from outside."""

    submit_label = "Send a request anyway"


class ConsentForm(GovForm):
    submit_label = "Continue"

    consent = forms.BooleanField(
        label="I agree to share these details with the organisation that runs this service",
        error_messages={"required": "Select that you agree to share these details, so the service can help"},
    )


class CheckAnswersForm(HoneypotMixin, GovForm):
    """The final POST. The token makes a double click, refresh or resubmit store one referral."""

    submit_label = "Send request"

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from crispy_forms_gds.layout import Div, Field, Layout

        self.helper.layout = Layout(Div(Field("website"), css_class="kcc-honeypot"), Field("submission_token"))
