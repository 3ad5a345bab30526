"""The shared base for every portal form: GOV.UK markup through crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms

from services.geography import outward_code_normalise, postcode_normalise


class GovFormMixin:
    """Sets up the crispy-forms-gds helper once.

    Subclasses set `submit_label`; a form with a single question sets
    `single_question = True` so its label is the page's h1 (GOV.UK pattern).
    The page template renders the error summary: `{% include "includes/error_summary.html" with form=form %}`.
    """

    submit_label = "Continue"
    single_question = False
    helper: FormHelper

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page template owns <form>, csrf and novalidate
        self.helper.disable_csrf = True  # ... so crispy must not add a second token
        self.helper.label_size = Size.LARGE if self.single_question else Size.SMALL
        self.helper.legend_size = Size.LARGE if self.single_question else Size.SMALL
        if self.submit_label:
            self.helper.add_input(Submit("submit", self.submit_label))


class GovForm(GovFormMixin, forms.Form):
    pass


class HoneypotMixin(forms.Form):
    """A field people never see or fill in; bots that fill every field give themselves away.

    Views check `form.is_bot()` after validation and quietly pretend success.
    """

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


POSTCODE_INVALID = "Enter a real postcode, like ME14 1XX"
POSTCODE_INCOMPLETE = "Enter a full UK postcode, like ME14 1XX"


def postcode_problem(value: str, *, allow_outward: bool = False) -> str:
    """The GOV.UK message for a postcode that will not do, or "" if it will (an outward code alone if allowed)."""
    if postcode_normalise(value) is not None:
        return ""
    if outward_code_normalise(value) is not None:
        return "" if allow_outward else POSTCODE_INCOMPLETE
    return POSTCODE_INVALID


class PostcodeField(forms.CharField):
    """A UK postcode, cleaned to upper case with one space ("me141xx" -> "ME14 1XX").

    With `allow_outward=True` an outward code alone ("CT5") will do too, as in the search. Forms give
    their own "required" message ("Enter your postcode") when the question is about someone.
    """

    default_error_messages = {"required": "Enter a postcode", "max_length": POSTCODE_INVALID}

    def __init__(self, *, allow_outward: bool = False, **kwargs: Any) -> None:
        self.allow_outward = allow_outward
        kwargs.setdefault("label", "Postcode")
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"autocomplete": "postal-code", "spellcheck": "false", "class": "govuk-input--width-10"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value))
        if not text:
            return ""
        problem = postcode_problem(text, allow_outward=self.allow_outward)
        if problem:
            raise forms.ValidationError(problem, code="invalid")
        return postcode_normalise(text) or str(outward_code_normalise(text))
