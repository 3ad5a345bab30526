"""A page lists the directory's services for its moment live: a service added to the directory (as the admin would
add it) shows on "After a hospital stay" with no code change, near the reader's postcode if they give one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from services.models import Organisation, Postcode, Service, TaxonomyTerm

pytestmark = pytest.mark.django_db

HOSPITAL = "/carers/key-moments/after-a-hospital-stay/"


def add_service(name: str, category: str = "living-safely-at-home", **fields: object) -> Service:
    """A service as a commissioner would add it in the admin: an organisation, a category and the districts."""
    organisation, _ = Organisation.objects.get_or_create(slug="home-help-trust", defaults={"name": "Home Help Trust"})
    defaults: dict[str, object] = {"districts": ["canterbury"], "summary": "Help at home after hospital."}
    service = Service.objects.create(
        organisation=organisation, name=name, slug=name.lower().replace(" ", "-"), **(defaults | fields)
    )
    service.categories.set([TaxonomyTerm.objects.get(slug=category)])
    return service


def test_a_service_added_to_the_directory_appears_without_a_code_change(client: Client, pages: None) -> None:
    assert "Home from hospital helpers" not in client.get(HOSPITAL).content.decode()
    add_service("Home from hospital helpers")
    html = client.get(HOSPITAL).content.decode()
    assert "Home from hospital helpers" in html
    assert 'href="/services/home-from-hospital-helpers/"' in html


def test_closed_ended_and_other_kinds_of_service_are_left_out(client: Client, pages: None) -> None:
    today = timezone.localdate()
    add_service("Closed helpers", status=Service.Status.INACTIVE)
    add_service("Ended helpers", valid_until=today - timedelta(days=1))
    add_service("Not started helpers", valid_from=today + timedelta(days=1))
    add_service("Digital helpers", category="digital-skills")
    add_service("Open helpers")
    html = client.get(HOSPITAL).content.decode()
    assert "Open helpers" in html
    for name in ("Closed helpers", "Ended helpers", "Not started helpers", "Digital helpers"):
        assert name not in html, name


def test_with_a_postcode_only_services_covering_it_are_listed(client: Client, pages: None) -> None:
    Postcode.objects.create(
        postcode="CT5", kind=Postcode.Kind.OUTWARD, latitude=51.36, longitude=1.03, district="canterbury"
    )
    add_service("Canterbury helpers", districts=["canterbury"])
    add_service("Dover helpers", districts=["dover"])
    everywhere = client.get(HOSPITAL).content.decode()
    assert "Canterbury helpers" in everywhere
    assert "Dover helpers" in everywhere
    near = client.get(HOSPITAL + "?postcode=ct5").content.decode()
    assert "Canterbury helpers" in near
    assert "Dover helpers" not in near
    assert "Services that cover the CT5 postcode area" in near


def test_more_than_a_few_services_link_to_the_full_list(client: Client, pages: None) -> None:
    for n in range(7):
        add_service(f"Helpers {n}")
    html = client.get(HOSPITAL).content.decode()
    assert "See all 7 services for living safely at home" in html
    assert 'href="/services/?category=living-safely-at-home"' in html


def test_the_young_carers_page_lists_services_for_16_to_25_and_links_to_that_search(
    client: Client, pages: None
) -> None:
    add_service("Adult carers hub", category="carers-support", minimum_age=18)
    add_service("Over 55s carers club", category="carers-support", minimum_age=55)
    add_service("Sixteen plus transition group", category="carers-support", minimum_age=16, maximum_age=19)
    html = client.get("/carers/key-moments/young-carers-moving-to-adult-support/").content.decode()
    assert "Adult carers hub" in html
    assert "Sixteen plus transition group" in html
    assert "Over 55s carers club" not in html
    assert 'href="/services/?age_from=16&amp;age_to=25"' in html
    found = client.get("/services/", {"age_from": "16", "age_to": "25"}).content.decode()
    assert "Sixteen plus transition group" in found
    assert "Over 55s carers club" not in found
