"""The pages' data file: every page names its sources, links only to GOV.UK or the NHS, uses the directory's own
categories, and gives only the reports' own phone numbers."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from services.guides.demo import PAGES_FILE, pages_data
from services.guides.services import information_pages_load
from tests.services.support import NUMBER_RE, REPORT_NUMBERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories(db: Any) -> None:
    from services.demo import categories_ensure

    categories_ensure()


def test_every_page_names_its_sources_from_the_reports_or_gov_uk() -> None:
    for page in pages_data()["pages"]:
        assert page["sources"], page["slug"]
        for source in page["sources"]:
            assert re.match(r"^(00[0-4] |GOV\.UK)", source), (page["slug"], source)


def test_phone_numbers_in_the_pages_and_their_templates_are_the_reports_own() -> None:
    templates = Path(__file__).resolve().parents[2] / "templates"
    texts = [PAGES_FILE.read_text(encoding="utf-8")] + [
        path.read_text(encoding="utf-8")
        for path in [*templates.glob("guides/**/*.html"), templates / "includes" / "other_ways_to_contact.html"]
    ]
    numbers = {re.sub(r"\D", "", n).removeprefix("44") for text in texts for n in NUMBER_RE.findall(text)}
    numbers = {n if n.startswith("0") else f"0{n}" for n in numbers}
    assert "03000416161" in numbers
    for number in numbers:
        assert number in REPORT_NUMBERS, number


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"sources": []}, "every page says where its facts come from"),
        ({"links": [{"text": "A blog", "url": "https://blog.example.com/carers"}]}, "GOV.UK"),
        ({"links": [{"text": "Plain http", "url": "http://www.gov.uk/carers-allowance"}]}, "GOV.UK"),
        ({"categories": ["no-such-category"]}, "unknown directory categories"),
        ({"colour": "blue"}, "unknown keys"),
    ],
)
def test_the_loader_refuses_a_mistake(categories: None, change: dict[str, Any], error: str) -> None:
    data = copy.deepcopy(pages_data())
    data["pages"] = [data["pages"][0] | change]
    with pytest.raises(ValidationError, match=error):
        information_pages_load(data=data)


def test_loading_twice_keeps_one_page_each(categories: None) -> None:
    from services.guides.models import InformationPage, PageLink

    information_pages_load(data=pages_data())
    information_pages_load(data=pages_data())
    assert InformationPage.objects.count() == len(pages_data()["pages"])
    assert PageLink.objects.count() == sum(len(p.get("links", [])) for p in pages_data()["pages"])


def test_seed_demo_loads_the_pages_after_the_directory() -> None:
    from io import StringIO

    from django.core.management import call_command

    from services.guides.models import InformationPage

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo data loaded for services.guides" in out.getvalue()
    assert InformationPage.objects.filter(published=True).count() == len(pages_data()["pages"])
    hospital = InformationPage.objects.get(slug="after-a-hospital-stay")
    assert set(hospital.categories.values_list("slug", flat=True)) == {
        "living-safely-at-home",
        "carers-support",
        "transport",
    }
