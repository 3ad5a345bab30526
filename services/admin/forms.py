"""The directory admin's forms: a service, and a scheduled change to who it is for."""

from __future__ import annotations

from typing import Any

from django import forms

from services.geography import District
from services.models import (
    ELIGIBILITY_CHANGE_FIELDS,
    AccessMethod,
    Audience,
    Condition,
    EligibilityChange,
    NeedLevel,
    Service,
)


def _checkboxes(choices: Any, label: str, help_text: str = "") -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label=label, help_text=help_text
    )


def _ages_in_order(form: forms.ModelForm, data: dict[str, Any]) -> None:  # type: ignore[type-arg]
    low, high = data.get("minimum_age"), data.get("maximum_age")
    if low is not None and high is not None and low > high:
        form.add_error("maximum_age", "The maximum age must be the same as or more than the minimum age")


class ServiceAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    districts = _checkboxes(District.choices, "Districts covered")
    need_levels = _checkboxes(
        NeedLevel.choices, "Levels of need it serves", "Leave all unticked if it serves everyone."
    )
    audiences = _checkboxes(Audience.choices, "Who it is for")
    conditions = _checkboxes(Condition.choices, "Conditions", "Used to suggest services to carers.")
    access_methods = _checkboxes(AccessMethod.choices, "How people get help")
    url = forms.URLField(label="Website", required=False, max_length=300, assume_scheme="https")

    class Meta:
        model = Service
        fields = [
            "name",
            "slug",
            "organisation",
            "status",
            "alert",
            "summary",
            "description",
            "categories",
            "districts",
            "audiences",
            "conditions",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "need_levels",
            "referral_rule",
            "accepts_outside_area",
            "valid_from",
            "valid_until",
            "instead",
            "instead_note",
            "fees_description",
            "access_methods",
            "accepts_self_referral",
            "provides_carers_assessments",
            "application_process",
            "url",
            "email",
            "interpretation_services",
            "wait_time",
            "assured_date",
            "assurer_email",
            "alternate_name",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _ages_in_order(self, data)
        start, end = data.get("valid_from"), data.get("valid_until")
        if start is not None and end is not None and end < start:
            self.add_error("valid_until", "The last day must be the same as or after the first day")
        return data


class EligibilityChangeForm(forms.ModelForm):  # type: ignore[type-arg]
    need_levels = _checkboxes(NeedLevel.choices, "Levels of need it serves", "Leave all unticked for everyone.")
    districts = _checkboxes(
        District.choices, "Districts covered", "Leave all unticked to keep the districts it covers."
    )

    class Meta:
        model = EligibilityChange
        fields = list(ELIGIBILITY_CHANGE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _ages_in_order(self, data)
        return data
