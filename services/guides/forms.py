from __future__ import annotations

from django import forms

from carers_portal.core.forms import GovForm
from services.geography import outward_code_normalise, postcode_normalise


class NearPostcodeForm(GovForm):
    """The postcode a carer's page lists services near (a GET form: the page's address says it)."""

    submit_label = "Show services near this postcode"

    postcode = forms.CharField(
        label="Your postcode (optional)",
        help_text="To list services that cover where you live, nearest first. For example, CT5 1AA",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like CT5 1AA"},
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )

    def clean_postcode(self) -> str:
        value = str(self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        normalised = postcode_normalise(value) or outward_code_normalise(value)
        if normalised is None:
            raise forms.ValidationError("Enter a real postcode, like CT5 1AA")
        return normalised
