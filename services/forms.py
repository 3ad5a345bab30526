from __future__ import annotations

from typing import Any, cast

from django import forms

from carers_portal.core.forms import FixedChoices, GovForm
from carers_portal.core.uploads import UploadValidator
from services.geography import AREA_CHOICES, District, outward_code_normalise, postcode_normalise
from services.models import Audience, TaxonomyTerm
from services.selectors import RADIUS_CHOICES_MILES

MAX_QUERY_LENGTH = 200


_AREA_CHOICES = FixedChoices(
    [("", "All of Kent and Medway"), ("Districts", list(District.choices)), ("Commissioning areas", AREA_CHOICES)]
)
_category_choices: dict[tuple[tuple[str, str], ...], FixedChoices] = {}


def _categories_choices(categories: list[TaxonomyTerm]) -> FixedChoices:
    key = tuple((term.slug, term.name) for term in categories)
    if key not in _category_choices:
        _category_choices.clear()  # only the current category list is kept
        _category_choices[key] = FixedChoices([("", "All types of support"), *key])
    return _category_choices[key]


class ServiceSearchForm(forms.Form):
    """The public search (GET). Invalid fields are reported and left out; the search still runs.

    Rendered by templates/jinja2/includes/forms.html (GOV.UK markup, tested against crispy-forms-gds's).
    """

    q = forms.CharField(
        label="Search for support",
        help_text="For example, dementia, carers, money or a service's name",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={"max_length": f"Search words must be {MAX_QUERY_LENGTH} characters or fewer"},
        widget=forms.TextInput(attrs={"spellcheck": "true"}),
    )
    category = forms.ChoiceField(
        label="Type of support",
        required=False,
        error_messages={"invalid_choice": "Choose a type of support from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),  # rendered outside the <form> element
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        choices=_AREA_CHOICES,
        error_messages={"invalid_choice": "Choose an area from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),
    )
    audience = forms.ChoiceField(
        label="Who it is for",
        required=False,
        choices=FixedChoices([("", "Anyone"), *list(Audience.choices)]),
        error_messages={"invalid_choice": "Choose who the support is for from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        help_text="To sort by distance, for example CT5 1AA",
        required=False,
        max_length=10,
        error_messages={"max_length": "Enter a real postcode, like CT5 1AA"},
        widget=forms.TextInput(
            attrs={"spellcheck": "false", "autocomplete": "postal-code", "class": "govuk-input--width-10"}
        ),
    )
    radius = forms.TypedChoiceField(
        label="Distance",
        required=False,
        coerce=int,
        empty_value=None,
        choices=FixedChoices(
            [("", "Any distance")]
            + [(str(m), f"Within {m} mile" + ("" if m == 1 else "s")) for m in RADIUS_CHOICES_MILES]
        ),
        error_messages={"invalid_choice": "Choose a distance from the list"},
    )

    def __init__(self, *args: Any, categories: list[TaxonomyTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {term.slug: term for term in categories}
        cast(forms.ChoiceField, self.fields["category"]).choices = _categories_choices(categories)
        self.fields["q"].widget.input_type = "search"  # not an attribute: that would give the input two types

    def clean_q(self) -> str:
        return " ".join(str(self.cleaned_data.get("q") or "").split())

    def clean_postcode(self) -> str:
        value = str(self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        normalised = postcode_normalise(value) or outward_code_normalise(value)
        if normalised is None:
            raise forms.ValidationError("Enter a real postcode, like CT5 1AA")
        return normalised

    def valid_data(self) -> dict[str, Any]:
        """The fields that passed validation (all of them when the form is valid)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class ServiceCsvImportForm(GovForm):
    submit_label = "Import services"
    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label="CSV file of services",
        help_text="Use the columns of the export. Services are matched by slug. Up to 2 MB.",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
        validators=[UploadValidator(kinds=("csv",), max_bytes=MAX_BYTES)],
    )
