"""Directory searches show matching information pages above the services (PostgreSQL full text on the pages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from services.guides.models import InformationPage

pytestmark = pytest.mark.django_db


def block(client: Client, query: str) -> list[str]:
    """The information pages' links shown for a search, in order ([] when there is no block)."""
    html = client.get("/services/", {"q": query}).content.decode()
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
