from __future__ import annotations

from typing import Any, cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Div, Layout, Size
from django import forms

from carers_portal.core.forms import GovForm, PostcodeField
from carers_portal.core.uploads import UploadValidator
from services.geography import AREA_CHOICES, District
from services.models import Audience, NeedLevel, TaxonomyTerm
from services.selectors.search import RADIUS_CHOICES_MILES

MAX_QUERY_LENGTH = 200
_AREAS = [("", "All of Kent and Medway"), ("Districts", list(District.choices)), ("Commissioning areas", AREA_CHOICES)]


def _helper(*fields: Any) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page owns the <form> (the filters sit outside it, joined by form="service-search")
    # A GET search form: no CSRF token (crispy adds one for the default "post", and the cached search content,
    # rendered without a request, then warned "A {% csrf_token %} was used in a template...").
    helper.form_method = "get"
    helper.label_size = Size.SMALL
    helper.layout = Layout(*fields)
    return helper


class ServiceSearchForm(forms.Form):
    """The public search (GET). Invalid fields are reported and left out; the search still runs.

    Rendered by crispy-forms-gds in two parts: `helper` (words and distance) and `filters_helper` (the filters).
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
        choices=_AREAS,
        error_messages={"invalid_choice": "Choose an area from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),
    )
    audience = forms.ChoiceField(
        label="Who it is for",
        required=False,
        choices=[("", "Anyone"), *Audience.choices],
        error_messages={"invalid_choice": "Choose who the support is for from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),
    )
    need_level = forms.ChoiceField(
        label="Level of need",
        help_text="Some services are only for people who need more help. Leave as any if you are not sure.",
        required=False,
        choices=[("", "Any"), *((value, f"{label} needs") for value, label in NeedLevel.choices)],
        error_messages={"invalid_choice": "Choose a level of need from the list"},
        widget=forms.Select(attrs={"form": "service-search"}),
    )
    age = forms.IntegerField(
        label="Age of the person who needs support",
        help_text="Some services are only for certain ages. Leave blank to see services for any age.",
        required=False,
        min_value=18,
        max_value=120,
        error_messages={
            "invalid": "Enter an age in years, like 67",
            "min_value": "This directory is for adults: enter an age of 18 or over",
            "max_value": "Enter an age of 120 or under",
        },
        widget=forms.NumberInput(
            attrs={"form": "service-search", "class": "govuk-input--width-3", "inputmode": "numeric"}
        ),
    )
    age_from = forms.IntegerField(
        label="Ages from",
        help_text="To find services for an age group, such as 16 to 25 for young carers moving to adult support.",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the youngest age in years, like 16",
            "min_value": "Enter the youngest age in years, like 16",
            "max_value": "Enter a youngest age of 120 or under",
        },
        widget=forms.NumberInput(
            attrs={"form": "service-search", "class": "govuk-input--width-3", "inputmode": "numeric"}
        ),
    )
    age_to = forms.IntegerField(
        label="Ages to",
        required=False,
        min_value=0,
        max_value=120,
        error_messages={
            "invalid": "Enter the oldest age in years, like 25",
            "min_value": "Enter the oldest age in years, like 25",
            "max_value": "Enter an oldest age of 120 or under",
        },
        widget=forms.NumberInput(
            attrs={"form": "service-search", "class": "govuk-input--width-3", "inputmode": "numeric"}
        ),
    )
    postcode = PostcodeField(help_text="To sort by distance, for example CT5 1AA", required=False, allow_outward=True)
    radius = forms.TypedChoiceField(
        label="Distance",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any distance")]
        + [(str(m), f"Within {m} mile" + ("" if m == 1 else "s")) for m in RADIUS_CHOICES_MILES],
        error_messages={"invalid_choice": "Choose a distance from the list"},
    )

    def __init__(self, *args: Any, categories: list[TaxonomyTerm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = {term.slug: term for term in categories}
        choices = [("", "All types of support"), *((term.slug, term.name) for term in categories)]
        cast(forms.ChoiceField, self.fields["category"]).choices = choices
        self.fields["q"].widget.input_type = "search"  # not an attribute: that would give the input two types
        self.helper = _helper("q", Div("postcode", "radius", css_class="kcc-search-location"))
        self.filters_helper = _helper("category", "area", "audience", "need_level", "age", "age_from", "age_to")

    def clean_q(self) -> str:
        return " ".join(str(self.cleaned_data.get("q") or "").split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        age_from, age_to = cleaned.get("age_from"), cleaned.get("age_to")
        if age_from is not None and age_to is not None and age_from > age_to:
            self.add_error("age_to", "The oldest age must be the same as or more than the youngest age")
        return cleaned

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
