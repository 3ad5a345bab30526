"""The shared base for every portal form: GOV.UK markup through crispy-forms-gds."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.utils.choices import BaseChoiceIterator, flatten_choices, normalize_choices
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markupsafe import escape as markup_escape


class GovFormMixin:
    """Sets up the crispy-forms-gds helper once.

    Subclasses set `submit_label`; a form with a single question sets
    `single_question = True` so its label is the page's h1 (GOV.UK pattern).
    The error summary is rendered by the page template with `{% error_summary form %}`.
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


class GovModelForm(GovFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class FixedChoices(BaseChoiceIterator):
    """Choices worked out once and shared by every form made with them.

    Django normalises and deep-copies a plain list of choices for every form it makes (most of the time it took to
    make the search form); choices that never change can be shared, as Django shares its own choice iterators.
    Hashable, so rendered options can be kept per set of choices (`options_html`).
    """

    def __init__(self, choices: Iterable[tuple[Any, Any]]) -> None:
        self.choices: list[tuple[Any, Any]] = normalize_choices(list(choices))
        self.values = frozenset(str(value) for value, _ in flatten_choices(self.choices))

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        return iter(self.choices)

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoices:
        return self

    def __copy__(self) -> FixedChoices:
        return self

    __hash__ = object.__hash__


@functools.lru_cache(maxsize=256)
def _options_html(choices: FixedChoices, selected: str | None) -> SafeString:
    """The <option>s (and <optgroup>s) of a select, as Django's Select widget renders them."""

    def option(value: Any, label: Any) -> str:
        chosen = " selected" if str(value) == selected else ""
        return f'<option value="{escape(value)}"{chosen}>{escape(label)}</option>'

    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            inner = "".join(option(v, lab) for v, lab in label)
            parts.append(f'<optgroup label="{escape(value)}">{inner}</optgroup>')
        else:
            parts.append(option(value, label))
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


def gov_field_html(field: forms.BoundField) -> SafeString:
    """A text input or a select (whose choices are FixedChoices) in GOV.UK markup, as crispy-forms-gds renders it with
    small labels, in Python: the search form's six fields took half a millisecond through template macros.
    tests/core/test_jinja2_forms.py compares the two for every search field, with and without values and errors."""
    widget = field.field.widget
    errors = field.errors
    auto_id = field.auto_id
    help_text = field.help_text
    parts = [
        f'<div id="div_{auto_id}" class="govuk-form-group{" govuk-form-group--error" if errors else ""}">',
        f'<label for="{field.id_for_label}" class="govuk-label govuk-label--s">{markup_escape(field.label)}</label>',
    ]
    described_by = []
    if help_text:
        parts.append(f'<div id="{auto_id}_hint" class="govuk-hint">{markup_escape(help_text)}</div>')
        described_by.append(f"{auto_id}_hint")
    for number, error in enumerate(errors, start=1):
        parts.append(
            f'<span id="{auto_id}_{number}_error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {markup_escape(error)}</span>'
        )
        described_by.append(f"{auto_id}_{number}_error")
    select = isinstance(widget, forms.Select)
    attributes = "".join(f' {name}="{markup_escape(value)}"' for name, value in widget.attrs.items() if name != "class")
    if described_by:
        attributes += f' aria-describedby="{" ".join(described_by)}"'
    css = ["govuk-select" if select else "govuk-input"]
    if widget.attrs.get("class"):
        css.append(markup_escape(widget.attrs["class"]))
    if errors:
        css.append("govuk-input--error")
    attributes += f' class="{" ".join(css)}"' + (' aria-invalid="true"' if errors else "") + f' id="{auto_id}"'
    if select:
        parts.append(f'<select name="{field.html_name}"{attributes}>{options_html(field)}</select>')
    else:
        value = field.value()
        shown = f' value="{markup_escape(value)}"' if value not in ("", None) else ""
        parts.append(f'<input type="{widget.input_type}" name="{field.html_name}"{shown}{attributes}>')  # type: ignore[attr-defined]
    parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 - every value, label, hint and error escaped above


def options_html(field: forms.BoundField) -> SafeString:
    """A select field's options with its value selected, rendered once per set of choices and value (a value that is
    not one of the choices selects nothing, and is not kept)."""
    choices = cast(FixedChoices, cast(forms.ChoiceField, field.field).choices)
    value = field.value()
    selected = "" if value is None else str(value)
    return _options_html(choices, selected if selected in choices.values else None)
