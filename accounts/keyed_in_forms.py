"""The forms staff use to key in a paper self-assessment: the online self-assessment's own forms, on one page.

Each online page's form (accounts.steps) is used as it is, under its page's slug as prefix, so validation and the
stored answers are the same as online. The "about you" part is the registration form cut to the questions the paper
form asks (the paper form itself is built from the same list: services/guides/paper.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from accounts import eligibility as elig
from accounts import steps
from accounts.forms import CarerProfileForm, OutcomeStepForm, text
from carers_portal.core.forms import GovForm

# The registration questions a paper form asks: enough to reach the carer and their local carers' organisation.
PAPER_ABOUT_FIELDS = ("preferred_name", "contact_methods", "phone", "address", "postcode", "age_band", "work_status")


class PaperAboutForm(CarerProfileForm):
    """The registration form's questions that are on the paper form, with the same validation."""

    submit_label = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in PAPER_ABOUT_FIELDS:
                del self.fields[name]


class KeyInDetailsForm(GovForm):
    """Which request the form belongs to, and the carer's consent (ticked on the paper form)."""

    submit_label = ""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    reference = text(
        "Request reference (optional)",
        20,
        help_text=(
            "If the carer has already asked for a carer's assessment, its reference, like KCP-R-2026-000123. "
            "Leave it blank to send a new request to the carers' organisation for their postcode."
        ),
    )
    consent = forms.BooleanField(
        label="The carer ticked “I agree to share my answers with my local carers' organisation”",
        error_messages={
            "required": "Confirm the carer ticked the box to share their answers. If not, phone them before you key "
            "the form in"
        },
    )

    def clean_reference(self) -> str:
        return "".join(self.cleaned_data["reference"].split()).upper()


class KeyInForms:
    """Every form of the key-in page, bound together: details, about you, then each online page in order."""

    def __init__(self, data: Mapping[str, Any] | None = None, *, reference: str = "") -> None:
        self.details = KeyInDetailsForm(
            data, prefix="request", initial={"submission_token": uuid.uuid4(), "reference": reference}
        )
        self.about = PaperAboutForm(data, prefix="about")
        self.steps = [(step, step.form_class(data, prefix=step.slug)) for step in steps.STEPS]
        for form in self.all():
            form.helper.inputs = []  # one "Save" button for the whole page
            if isinstance(form, OutcomeStepForm):
                # Online, the question is the page's h1 and its error need not say which; here it is one of eight.
                error = (
                    f"Select how well the carer manages '{elig.OUTCOME_LABELS[form.outcome]}', or 'Not relevant to me'"
                )
                form.fields["ability"].error_messages = {"required": error, "invalid_choice": error}
                form.helper.layout = Layout(
                    Field.radios("ability", legend_size=Size.MEDIUM, legend_tag="h2"),
                    Field.textarea("details", label_size=Size.SMALL),
                )

    def all(self) -> list[GovForm]:
        return [self.details, self.about, *(form for _, form in self.steps)]

    def is_valid(self) -> bool:
        valid = [form.is_valid() for form in self.all()]  # every form validated, so every error shows
        return all(valid)

    def with_errors(self) -> list[GovForm]:
        return [form for form in self.all() if form.errors]

    def answers(self) -> dict[str, Any]:
        """The answers in the online self-assessment's stored shape."""
        return {step.slug: steps.step_answers(form.cleaned_data) for step, form in self.steps}

    def about_answers(self) -> dict[str, Any]:
        data = self.about.cleaned_data
        return {**{name: data.get(name) for name in PAPER_ABOUT_FIELDS}, "district": data.get("district", "")}

    def add_errors(self, messages: Mapping[str, list[str]]) -> None:
        """Errors the key-in service found: on the reference, the postcode, or the whole request."""
        for field, errors in messages.items():
            form, name = (self.about, field) if field in self.about.fields else (self.details, field)
            for error in errors:
                form.add_error(name if name in form.fields else None, error)
