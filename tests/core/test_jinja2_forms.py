"""The Jinja2 form macros (templates/jinja2/includes/forms.html) give the markup crispy-forms-gds gives.

The search page renders its form through Jinja2 for speed; these tests hold its hand-written GOV.UK markup to what
crispy-forms-gds renders for the same fields, with and without values and errors, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size
from django.template import Context, Template, engines
from django.test.html import parse_html

from services.forms import ServiceSearchForm
from services.models import TaxonomyTerm

CATEGORIES = [
    TaxonomyTerm(slug="carers-support", name="Carers' support"),
    TaxonomyTerm(slug="dementia", name="Dementia & memory"),
]
STATES = {
    "unbound": None,
    "empty": {},
    "valid": {
        "q": "day <centre>",
        "category": "dementia",
        "area": "east-kent",
        "audience": "carers",
        "postcode": "ct5 1aa",
        "radius": "10",
    },
    "invalid": {
        "q": "x" * 201,
        "category": "nope",
        "area": "nope",
        "audience": "nope",
        "postcode": "ZZ",
        "radius": "7",
    },
}


def crispy(form: ServiceSearchForm, name: str) -> str:
    form.helper = FormHelper()  # type: ignore[attr-defined]
    form.helper.label_size = Size.for_label(Size.SMALL)  # type: ignore[attr-defined]
    return Template("{% load crispy_forms_tags %}{{ field|as_crispy_field }}").render(Context({"field": form[name]}))


def jinja2(form: ServiceSearchForm, name: str) -> str:
    macro = "input" if name in ("q", "postcode") else "select"
    template = engines["jinja2"].from_string(
        '{% import "includes/forms.html" as forms %}{{ forms.' + macro + "(field) }}"
    )
    return template.render({"field": form[name]})


def search_form(data: dict[str, Any] | None) -> ServiceSearchForm:
    form = ServiceSearchForm(data, categories=CATEGORIES)
    form.is_valid()
    return form


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", list(ServiceSearchForm.base_fields))
def test_each_search_field_renders_as_crispy_forms_gds_renders_it(state: str, name: str) -> None:
    data = STATES[state]
    ours = jinja2(search_form(data), name)  # separate forms: crispy-forms-gds writes to the widget's attributes
    theirs = crispy(search_form(data), name)
    assert parse_html(ours) == parse_html(theirs), f"{ours}\n\n{theirs}"
    if state == "invalid":
        assert "govuk-form-group--error" in ours
        assert 'aria-invalid="true"' in ours


def test_the_error_summary_links_each_error_to_its_field() -> None:
    form = search_form(STATES["invalid"])
    ours = engines["jinja2"].from_string('{% import "includes/forms.html" as forms %}{{ forms.error_summary(form) }}')
    theirs = Template('{% include "includes/error_summary.html" with form=form %}')
    html = ours.render({"form": form})
    assert parse_html(html) == parse_html(theirs.render(Context({"form": form})))
    assert '<a href="#id_postcode">Enter a real postcode, like CT5 1AA</a>' in html
    assert ours.render({"form": search_form(STATES["valid"])}).strip() == ""


def test_values_are_escaped() -> None:
    html = jinja2(search_form({"q": '"><script>alert(1)</script>'}), "q")
    assert "<script>" not in html
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_category_options_follow_the_category_list() -> None:
    """The options are kept per category list: a changed list shows at once."""
    before = jinja2(search_form({"category": "dementia"}), "category")
    renamed = [CATEGORIES[0], TaxonomyTerm(slug="dementia", name="Memory loss and dementia")]
    after = jinja2(ServiceSearchForm({"category": "dementia"}, categories=renamed), "category")
    assert '<option value="dementia" selected>Dementia &amp; memory</option>' in before
    assert '<option value="dementia" selected>Memory loss and dementia</option>' in after
