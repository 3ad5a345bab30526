"""The shared base for every portal form: GOV.UK markup through crispy-forms-gds."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms


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
