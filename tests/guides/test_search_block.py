"""Directory searches show matching information pages above the services (PostgreSQL full text on the pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import Client

from services.guides.models import InformationPage
from services.models import Postcode
from services.services.directory import directory_index_refresh
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def block(client: Client, query: str, **params: str) -> list[str]:
    """The information pages' links shown for a search, in order ([] when there is no block)."""
    html = client.get("/services/", {"q": query, **params}).content.decode()
    found = re.search(r'<div class="kcc-info-results">(.*?)</div>', html, re.S)
    if not found:
        return []
    assert html.index("kcc-info-results") < html.index('id="results-heading"')  # above the services
    return re.findall(r'href="([^"]+)"', found.group(1))


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("direct payments", "/carers/money-and-breaks/direct-payments/"),
        ("respite", "/carers/money-and-breaks/breaks-and-respite/"),
        ("short breaks", "/carers/money-and-breaks/breaks-and-respite/"),
        ("sitting service", "/carers/money-and-breaks/breaks-and-respite/"),
        ("hospital discharge", "/carers/key-moments/after-a-hospital-stay/"),
        ("carer's allowance", "/carers/money-and-breaks/carers-allowance/"),
        ("bereavement", "/carers/key-moments/after-your-caring-role-ends/"),
        ("young carers", "/carers/key-moments/young-carers-moving-to-adult-support/"),
    ],
)
def test_carers_words_find_the_page(client: Client, pages: None, query: str, first: str) -> None:
    assert block(client, query)[:1] == [first]


def test_no_block_when_nothing_matches_or_the_page_is_unpublished(client: Client, pages: None) -> None:
    assert block(client, "gardening") == []
    InformationPage.objects.filter(slug="direct-payments").update(published=False)
    assert "/carers/money-and-breaks/direct-payments/" not in block(client, "direct payments")


def test_a_page_a_commissioner_adds_shows_in_search_at_once(
    commissioner_client: Client, pages: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert block(commissioner_client, "allotment") == []  # now cached for this directory version
    with django_capture_on_commit_callbacks(execute=True):
        response = commissioner_client.post(
            "/staff/guides/informationpage/add/",
            {
                "kind": "key-moment",
                "title": "Allotment time",
                "slug": "allotment-time",
                "summary": "Time on the allotment.",
                "keywords": "",
                "position": "9",
                "published": "on",
                "what_happens": "Example text.",
                "ask_for": "",
                "who_to_contact": "",
                "easy_read": "",
                "audience": "",
                "age": "",
                "sources": "Example source",
                "links-TOTAL_FORMS": "0",
                "links-INITIAL_FORMS": "0",
                "links-MIN_NUM_FORMS": "0",
                "links-MAX_NUM_FORMS": "1000",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert block(commissioner_client, "allotment") == ["/carers/key-moments/allotment-time/"]


RESPITE = "/carers/money-and-breaks/breaks-and-respite/"
DIAGNOSIS = "/carers/key-moments/new-diagnosis/"


@pytest.mark.parametrize(
    "params",
    [
        {},  # they come on the page of services
        {"page": "999"},  # past the end: with the total, then with the last page
        {"postcode": "CT5 1AA"},  # services nearest first
        {"postcode": "CT5 1AA", "radius": "1"},
    ],
)
def test_pages_show_when_the_words_find_services_too(
    client: Client, demo_directory: None, pages: None, params: dict[str, str]
) -> None:
    assert block(client, "respite", **params)[:1] == [RESPITE]


def test_pages_show_with_a_page_of_services_without_a_place(client: Client, pages: None) -> None:
    """From a postcode, a page that starts with the services with no place to visit (counted in a query of its own,
    which brings the pages too)."""
    Postcode.objects.create(
        postcode="CT5", latitude=51.36, longitude=1.03, district="canterbury", kind=Postcode.Kind.OUTWARD
    )
    ServiceFactory(name="Respite at home", summary="Respite sitting at home.")
    directory_index_refresh()
    html = client.get("/services/", {"q": "respite", "postcode": "CT5"}).content.decode()
    assert "Respite at home" in html
    assert block(client, "respite", postcode="CT5")[:1] == [RESPITE]


def test_pages_show_with_the_corrected_search(client: Client, demo_directory: None, pages: None) -> None:
    """A misspelling people type, among a page's keywords: the page shows beside the corrected search's services."""
    InformationPage.objects.filter(slug="new-diagnosis").update(keywords=Concat(F("keywords"), Value(", dementa")))
    response = client.get("/services/", {"q": "dementa"})
    assert response.context["suggestion"] == "dementia"
    assert response.context["total"]
    assert block(client, "dementa") == [DIAGNOSIS]
