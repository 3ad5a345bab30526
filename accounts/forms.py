"""Forms for carer registration, the self-assessment steps and account settings (GOV.UK markup)."""

from __future__ import annotations

import re
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts import eligibility as elig
from accounts.models import (
    ArmedForces,
    CaredForAgeBand,
    CarerAgeBand,
    CareTime,
    ContactMethod,
    HoursBand,
    Relationship,
    WorkStatus,
    YesNoNotSure,
)
from accounts.selectors import district_for_postcode
from carers_portal.core.forms import GovForm, PostcodeField
from services.models import Condition

PHONE_RE = re.compile(r"^\+?[0-9 ()-]{10,20}$")


def radios(label: str, choices: Any, error: str, *, help_text: str = "", required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        required=required,
        error_messages={"required": error, "invalid_choice": error},
    )


def checkboxes(
    label: str, choices: Any, error: str, *, help_text: str = "", required: bool = True
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        required=required,
        error_messages={"required": error, "invalid_choice": error},
    )


def text(
    label: str, max_length: int, *, required: bool = False, error: str = "", help_text: str = ""
) -> forms.CharField:
    messages = {"max_length": f"{label.rstrip('?')} must be {max_length} characters or fewer"}
    if error:
        messages["required"] = error
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, error_messages=messages
    )


def long_text(
    label: str, max_length: int, *, required: bool = False, error: str = "", help_text: str = ""
) -> forms.CharField:
    field = text(label, max_length, required=required, error=error, help_text=help_text)
    field.widget = forms.Textarea(attrs={"rows": 4, "maxlength": max_length})
    return field


# --- Registration ------------------------------------------------------------------------------


class CarerProfileForm(GovForm):
    submit_label = "Save and continue"

    preferred_name = text(
        "What would you like us to call you?", 60, required=True, error="Enter the name you would like us to use"
    )
    contact_methods = checkboxes(
        "How would you like us to contact you?",
        ContactMethod.choices,
        "Select how you would like us to contact you",
        help_text="Select all that apply.",
    )
    phone = text("Phone number", 30, help_text="Only if you would like us to phone you. For example, 01622 123456.")
    address = long_text("Postal address", 300, help_text="Only if you would like letters.")
    postcode = PostcodeField(
        label="Your postcode",
        error_messages={"required": "Enter your postcode"},
        help_text="We use this to find support near you, like ME14 1XX.",
    )
    age_band = radios("How old are you?", CarerAgeBand.choices, "Select your age group")
    work_status = radios(
        "Are you working or studying?", WorkStatus.choices, "Select whether you are working or studying"
    )
    armed_forces = radios(
        "Are you part of the Armed Forces community?",
        ArmedForces.choices,
        "Select whether you are part of the Armed Forces community",
    )
    communication_needs = long_text(
        "Do you have any communication needs?",
        500,
        help_text="For example, large print, easy read, British Sign Language or an interpreter.",
    )
    gp_knows = radios(
        "Does your GP know you are a carer?", YesNoNotSure.choices, "Select whether your GP knows you are a carer"
    )
    emergency_card = radios(
        "Do you have a Kent Carers Card?",
        YesNoNotSure.choices,
        "Select whether you have a Kent Carers Card",
    )

    def clean_preferred_name(self) -> str:
        return " ".join(self.cleaned_data["preferred_name"].split())

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01622 123456 or 07700 900 982")
        return phone

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"]
        found = district_for_postcode(postcode=value)
        if found is None:
            raise forms.ValidationError("Enter a postcode in Kent or Medway, like ME14 1XX")
        self.cleaned_data["district"] = found[1]
        return found[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        methods = data.get("contact_methods") or []
        if ContactMethod.PHONE in methods and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "Enter a phone number, or do not select phone")
        if ContactMethod.POST in methods and not data.get("address", "").strip() and "address" not in self.errors:
            self.add_error("address", "Enter your postal address, or do not select post")
        return data


class CaredForPersonForm(GovForm):
    submit_label = "Save person"

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    name = text(
        "Their first name or initials",
        40,
        required=True,
        error="Enter their first name or initials",
        help_text="So you can tell people apart. We do not need their full name.",
    )
    relationship = radios(
        "What is their relationship to you?", Relationship.choices, "Select their relationship to you"
    )
    age_band = radios("How old are they?", CaredForAgeBand.choices, "Select their age group")
    conditions = checkboxes(
        "Do they have any of these conditions?",
        Condition.choices,
        "",
        help_text="Select all that apply. We use this to suggest support.",
        required=False,
    )
    lives_together = radios(
        "Do you live with them?", [("yes", "Yes"), ("no", "No")], "Select whether you live with them"
    )
    hours_band = radios(
        "How many hours a week do you spend caring for them?",
        HoursBand.choices,
        "Select how many hours a week you spend caring",
        help_text="Include time spent helping, keeping an eye on them and being on call.",
    )
    care_time = radios("When do you care for them?", CareTime.choices, "Select when you care for them")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class RemovePersonForm(GovForm):
    submit_label = "Yes, remove"


# --- The self-assessment steps -----------------------------------------------------------------

CARING_TASKS = [
    ("personal-care", "Personal care, like washing, dressing or using the toilet"),
    ("medication", "Medication and health appointments"),
    ("meals", "Preparing meals"),
    ("housework", "Housework"),
    ("shopping", "Shopping"),
    ("money", "Money and paperwork"),
    ("getting-around", "Getting around, inside or outside the home"),
    ("emotional", "Emotional support"),
    ("supervision", "Keeping an eye on them"),
    ("speaking-up", "Speaking up for them"),
]
NECESSARY_CARE = [
    (elig.NecessaryCare.YES, "Yes, they need the help I give"),
    (elig.NecessaryCare.SOME, "They need some of it"),
    (elig.NecessaryCare.NO, "No, they could manage without it"),
    (elig.NecessaryCare.NOT_SURE, "I'm not sure"),
]
HEALTH = [
    (elig.Health.DETERIORATING, "Yes, my health is getting worse"),
    (elig.Health.AT_RISK, "My health is at risk of getting worse"),
    (elig.Health.NOT_AFFECTED, "No"),
    (elig.Health.NOT_SURE, "I'm not sure"),
]
SLEEP = [("rarely", "Rarely or never"), ("sometimes", "Some nights"), ("most-nights", "Most nights")]
STRESS = [("none", "Not at all"), ("little", "A little"), ("quite", "Quite a lot"), ("very", "Very stressed")]
IMPACT = [
    (elig.Impact.SIGNIFICANT, "A big effect now"),
    (elig.Impact.LIKELY_SIGNIFICANT, "Not a big effect yet, but it is likely to be soon"),
    (elig.Impact.SOME, "Some effect, but not a big one"),
    (elig.Impact.NONE, "No real effect"),
    (elig.Impact.NOT_SURE, "I'm not sure"),
]
WELLBEING_AREAS = [
    ("dignity", "Being treated with dignity and respect"),
    ("health", "Physical and mental health, and emotional wellbeing"),
    ("safety", "Being safe from abuse and neglect"),
    ("control", "Control over your day-to-day life"),
    ("work", "Work, education, training or leisure"),
    ("social-money", "Social life and money"),
    ("relationships", "Family and personal relationships"),
    ("home", "Your home being suitable"),
    ("contribution", "Being able to contribute to your community"),
]
CARRY_ON = [
    ("yes", "Yes"),
    ("with-support", "Yes, with more support"),
    ("no", "No"),
    ("not-sure", "I'm not sure"),
]
EMERGENCY_PLAN = [
    ("yes", "Yes, I have a plan"),
    ("no", "No"),
    ("help", "No, and I would like help to make one"),
]

# The question for each outcome in regulation 3, and a hint that says when "not relevant" fits.
OUTCOME_QUESTIONS: dict[elig.Outcome, tuple[str, str]] = {
    elig.Outcome.CHILD_CARE: (
        "Are you able to look after any children you are responsible for?",
        "Choose 'Not relevant to me' if you are not responsible for any children.",
    ),
    elig.Outcome.OTHER_CARING: (
        "Are you able to care for anyone else you look after?",
        "Choose 'Not relevant to me' if you care for only one person.",
    ),
    elig.Outcome.HOME: ("Are you able to keep your home clean and safe to live in?", ""),
    elig.Outcome.NUTRITION: ("Are you able to eat well and have regular meals?", ""),
    elig.Outcome.RELATIONSHIPS: ("Are you able to keep up your relationships with family and friends?", ""),
    elig.Outcome.WORK: (
        "Are you able to work, train, study or volunteer as much as you want to?",
        "Choose 'Not relevant to me' if you do not want to do any of these.",
    ),
    elig.Outcome.COMMUNITY: (
        "Are you able to use local services and facilities?",
        "For example, shops, your GP, the library or a leisure centre.",
    ),
    elig.Outcome.RECREATION: ("Are you able to do things you enjoy in your free time?", ""),
}


class StepForm(GovForm):
    submit_label = "Save and continue"


class CaringStepForm(StepForm):
    tasks = checkboxes(
        "What do you help with?",
        CARING_TASKS,
        "Select what you help with",
        help_text="Select all that apply.",
    )
    necessary_care = radios(
        "Does the person you care for need the help you give?",
        NECESSARY_CARE,
        "Select whether the person you care for needs the help you give",
        help_text="If you care for more than one person, think about all of them.",
    )
    other_help = long_text("Who else helps, if anyone?", 500)
    choice = radios(
        "Do you feel you have a choice about caring?",
        YesNoNotSure.choices,
        "Select whether you feel you have a choice about caring",
    )


class HealthStepForm(StepForm):
    health = radios(
        "Is caring making your physical or mental health worse?",
        HEALTH,
        "Select whether caring is making your health worse",
    )
    sleep = radios("How often does caring disturb your sleep?", SLEEP, "Select how often caring disturbs your sleep")
    stress = radios("How stressed do you feel because of caring?", STRESS, "Select how stressed you feel")
    own_health = long_text(
        "Tell us about any health conditions you have (optional)",
        1000,
        help_text="Only what you are happy to share.",
    )


class OutcomeStepForm(StepForm):
    """One of the eight outcomes in regulation 3: the question is the page heading."""

    outcome: elig.Outcome

    ability = radios("", [(a.value, label) for a, label in elig.ABILITY_LABELS.items()], "")
    details = long_text("Tell us more (optional)", 1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        question, hint = OUTCOME_QUESTIONS[self.outcome]
        field = self.fields["ability"]
        field.label = question
        field.help_text = hint
        error = "Select how well you can manage this, or 'Not relevant to me'"
        field.error_messages = {"required": error, "invalid_choice": error}
        self.helper.layout = Layout(
            Field.radios("ability", legend_size=Size.LARGE, legend_tag="h1"),
            Field.textarea("details", label_size=Size.SMALL),
        )


def outcome_form(outcome: elig.Outcome) -> type[OutcomeStepForm]:
    return type(f"Outcome{outcome.name.title().replace('_', '')}Form", (OutcomeStepForm,), {"outcome": outcome})


class WellbeingStepForm(StepForm):
    impact = radios(
        "Overall, how much does caring affect your wellbeing?",
        IMPACT,
        "Select how much caring affects your wellbeing",
        help_text="Think about the last few months, including good and bad days. Small effects can add up.",
    )
    areas = checkboxes(
        "Which parts of your life does caring affect? (optional)",
        WELLBEING_AREAS,
        "",
        help_text="Select all that apply.",
        required=False,
    )


class FutureStepForm(StepForm):
    able = radios("Are you able to carry on caring?", CARRY_ON, "Select whether you are able to carry on caring")
    willing = radios(
        "Are you willing to carry on caring?", CARRY_ON, "Select whether you are willing to carry on caring"
    )
    work_wish = radios(
        "Would you like to work, study or train, or do more of it?",
        YesNoNotSure.choices,
        "Select whether you would like to work, study or train",
    )


class MattersStepForm(StepForm):
    what_matters = long_text(
        "What matters most to you?",
        1000,
        required=True,
        error="Tell us what matters most to you",
        help_text="For example, having a break, staying in work, or time with friends.",
    )
    biggest_difference = long_text("What would make the biggest difference to you? (optional)", 1000)


class EmergencyStepForm(StepForm):
    has_plan = radios(
        "Do you have a plan for what happens if you cannot care in an emergency?",
        EMERGENCY_PLAN,
        "Select whether you have an emergency plan",
    )
    contact_name = text("Who should we contact in an emergency? (optional)", 100)
    contact_phone = text("Their phone number (optional)", 30)
    key_details = long_text(
        "Key details about the person you care for (optional)",
        1000,
        help_text="What someone taking over would need to know, like their routine.",
    )
    medication = long_text("Their medication (optional)", 1000)
    treatment = long_text("Any treatment they are having (optional)", 1000)
    plan_location = text("Where is the plan kept? (optional)", 200)

    def clean_contact_phone(self) -> str:
        phone = " ".join(self.cleaned_data["contact_phone"].split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01622 123456 or 07700 900 982")
        return phone


class AssessmentRequestForm(GovForm):
    submit_label = "Send my request"

    consent = forms.BooleanField(
        label="I agree to share my details and my self-assessment with this organisation",
        error_messages={"required": "Agree to share your details, or phone us instead"},
    )
    best_time = radios(
        "When is the best time to contact you?",
        [
            ("morning", "Morning (9am to 12pm)"),
            ("afternoon", "Afternoon (12pm to 5pm)"),
            ("evening", "Early evening (5pm to 7pm)"),
            ("any", "Any time"),
        ],
        "Select the best time to contact you",
    )
    phone = text("Phone number (optional)", 30, help_text="If you would like a phone call. For example, 01622 123456.")

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_RE.match(phone):
            raise forms.ValidationError("Enter a phone number, like 01622 123456 or 07700 900 982")
        return phone


# --- Account ------------------------------------------------------------------------------------


class ReminderSettingsForm(GovForm):
    submit_label = "Save reminder settings"

    reminders = checkboxes(
        "Which reminders would you like by email?",
        [
            ("draft", "Reminders to finish a self-assessment you have started"),
            ("review", "A reminder to review your self-assessment each year"),
            ("emergency_plan", "A reminder to check your emergency plan every 6 months"),
        ],
        "",
        help_text="Select all you would like. Clear them all to stop reminders.",
        required=False,
    )


class DeleteAccountForm(GovForm):
    submit_label = "Delete my account"

    confirm = forms.BooleanField(
        label="I understand that this deletes my account and cannot be undone",
        error_messages={"required": "Confirm that you want to delete your account"},
    )
