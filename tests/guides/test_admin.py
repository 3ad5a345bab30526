"""Commissioners edit the information pages in the admin; other staff may only read them."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from services.guides.models import InformationPage

pytestmark = pytest.mark.django_db


def test_commissioner_unpublishes_a_page(commissioner_client: Client, pages: None) -> None:
    page = InformationPage.objects.get(slug="life-events")
    url = f"/staff/guides/informationpage/{page.pk}/change/"
    form = commissioner_client.get(url)
    assert form.status_code == 200
    data = {
        "kind": page.kind,
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "keywords": page.keywords,
        "position": str(page.position),
        "what_happens": page.what_happens,
        "ask_for": page.ask_for,
        "who_to_contact": page.who_to_contact,
        "easy_read": page.easy_read,
        "categories": [str(t.pk) for t in page.categories.all()],
        "audience": page.audience,
        "age": "",
        "sources": page.sources,
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
    }  # "published" left out: unticked
    response = commissioner_client.post(url, data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.published is False
    assert commissioner_client.get("/carers/key-moments/life-events/").status_code == 404


def test_a_link_outside_gov_uk_and_the_nhs_is_refused(commissioner_client: Client, pages: None) -> None:
    page = InformationPage.objects.get(slug="direct-payments")
    response = commissioner_client.post(
        "/staff/guides/informationpage/add/",
        {
            "kind": "money-and-breaks",
            "title": "Grants",
            "slug": "grants",
            "summary": "Grants.",
            "position": "0",
            "what_happens": "Text.",
            "sources": "Example",
            "links-TOTAL_FORMS": "1",
            "links-INITIAL_FORMS": "0",
            "links-MIN_NUM_FORMS": "0",
            "links-MAX_NUM_FORMS": "1000",
            "links-0-text": "Grants",
            "links-0-url": "https://grants.example.com/",
            "links-0-position": "0",
        },
    )
    assert response.status_code == 200
    assert "Enter a link to a GOV.UK, council (gov.uk) or NHS (nhs.uk) page" in response.content.decode()
    assert not InformationPage.objects.filter(slug="grants").exists()
    assert page.links.exists()


def test_other_staff_can_read_but_not_change(
    client: Client, staff_user_factory: Any, staff_login: Any, pages: Any
) -> None:
    provider = staff_user_factory(email="provider@example.org", staff_role="provider")
    staff_login(client, provider)
    page = InformationPage.objects.get(slug="life-events")
    assert client.get("/staff/guides/informationpage/").status_code == 200
    assert client.get("/staff/guides/informationpage/add/").status_code == 403
    response = client.post(f"/staff/guides/informationpage/{page.pk}/change/", {"title": "Changed"})
    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title == "Life events"
