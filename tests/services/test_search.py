from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from services.models import Service, running_on

pytestmark = pytest.mark.usefixtures("demo_directory")


def titles(response: Any) -> list[str]:
    return [s.name for s in response.context["page_obj"]]


def test_landing_page_lists_categories(client: Client) -> None:
    response = client.get("/services/")
    assert response.status_code == 200
    assert b"Browse support by type" in response.content
    assert b"Breaks and respite" in response.content


def test_keyword_search_ranks_name_matches_first(client: Client) -> None:
    response = client.get("/services/", {"q": "dementia"})
    assert response.status_code == 200
    assert titles(response)[0] == "Dementia support: ADSS and Age UK Herne Bay and Whitstable"
    assert response.context["total"] >= 2


def test_dementia_near_ct5_puts_the_whitstable_service_first(client: Client) -> None:
    response = client.get("/services/", {"q": "dementia", "postcode": "ct5 1aa", "radius": "5"})
    results = list(response.context["page_obj"])
    assert results[0].slug == "dementia-support-adss-age-uk-herne-bay-whitstable"
    assert results[0].distance < 1
    assert b"Less than a mile away" in response.content
    assert b"Sorted by distance from the centre of the CT5 postcode area." in response.content


@pytest.mark.parametrize(("postcode", "town"), [("CT5", "Whitstable"), ("CT6", "Herne Bay")])
def test_a_result_names_the_town_its_distance_is_to(client: Client, postcode: str, town: str) -> None:
    """A service in two towns is as near as its nearest place, and names that place's town."""
    response = client.get("/services/", {"q": "dementia", "postcode": postcode})
    [both] = [s for s in response.context["page_obj"] if s.slug == "dementia-support-adss-age-uk-herne-bay-whitstable"]
    assert both.place == town
    assert f"Less than a mile away</strong> ({town})" in response.content.decode()


def test_typo_is_corrected_with_did_you_mean(client: Client) -> None:
    response = client.get("/services/", {"q": "dementa"})
    assert "Dementia support: ADSS and Age UK Herne Bay and Whitstable" in titles(response)
    assert response.context["suggestion"] == "dementia"
    assert b"Did you mean" in response.content


@pytest.mark.parametrize("query", ["dementia cafe", "dementia café", "DEMENTIA CAFÉS"])
def test_words_match_with_or_without_their_accents(client: Client, query: str) -> None:
    """Few people type "café": search vectors, the vocabulary and query words are all without accents."""
    response = client.get("/services/", {"q": query})
    assert titles(response) == ["Dementia support: ADSS and Age UK Herne Bay and Whitstable"]  # "dementia cafés"
    assert response.context["suggestion"] is None  # "cafe" is a word of the directory, not a typo of "care"
    cafes = titles(client.get("/services/", {"q": query.split()[1]}))
    assert "Gardening and therapy at Blackthorn" in cafes  # "a community café in Maidstone"


def test_carer_finds_carers_services_without_a_correction(client: Client) -> None:
    response = client.get("/services/", {"q": "carer"})
    names = titles(response)
    assert "Community Navigation for Carers" in names
    assert "Breaks for carers at home" in names
    assert response.context["suggestion"] is None


def test_filters_combine_with_and(client: Client) -> None:
    response = client.get("/services/", {"category": "mental-health", "area": "thanet-south-kent-coast"})
    results = list(response.context["page_obj"])
    assert results
    for service in results:
        assert "mental-health" in {t.slug for t in service.categories.all()}
        assert set(service.districts) & {"thanet", "dover", "folkestone-and-hythe"}
    assert "Live Well Kent and Medway in West Kent" not in titles(response)


def test_radius_excludes_far_places_and_keeps_services_covering_the_area(client: Client) -> None:
    response = client.get("/services/", {"postcode": "CT5 1AA", "radius": "1"})
    for service in response.context["page_obj"]:
        assert (service.distance is not None and service.distance <= 1) or (
            not service.service_at_locations.all() and "canterbury" in service.districts
        )
    names = titles(response)
    assert "Gardening and therapy at Blackthorn" not in names  # Maidstone
    assert "Kent Carers Card" in names  # county-wide, nothing to travel to


def test_unknown_postcode_says_so_and_still_searches(client: Client) -> None:
    response = client.get("/services/", {"q": "dementia", "postcode": "SW1A 1AA"})
    assert response.status_code == 200
    assert b"We could not find SW1A 1AA" in response.content
    assert response.context["total"] >= 1


def test_invalid_postcode_message(client: Client) -> None:
    response = client.get("/services/", {"postcode": "not a postcode"})
    assert b"Enter a real postcode, like ME14 1XX" in response.content


def test_no_results_page_helps(client: Client) -> None:
    response = client.get("/services/", {"q": "zzqqxx", "postcode": "CT5 1AA", "radius": "1"})
    assert response.status_code == 200
    assert response.context["total"] == 0
    content = response.content.decode()
    assert "No services found" in content
    assert "check your spelling" in content
    assert "search within 2 miles" in content
    assert "03000 41 61 61" in content


def test_applied_filters_are_removable(client: Client) -> None:
    response = client.get("/services/", {"q": "carers", "category": "carers-support", "page": "1"})
    links = {f["label"]: f["url"] for f in response.context["applied_filters"]}
    assert links["Carers' support"] == "?q=carers"
    assert links["“carers”"] == "?category=carers-support"


def test_pagination_is_20_per_page(client: Client) -> None:
    response = client.get("/services/", {"area": "kent-and-medway"})
    assert len(response.context["page_obj"]) == 20
    second = client.get("/services/", {"area": "kent-and-medway", "page": "2"})
    # Every open service that runs today (the demo's Community Navigation ended on 31 March 2026).
    running = Service.objects.exclude(status="inactive").filter(running_on(timezone.localdate()))
    assert response.context["total"] == running.count()
    assert not set(titles(response)) & set(titles(second)) or len(set(titles(second))) < len(titles(second))


def test_category_page(client: Client) -> None:
    response = client.get("/services/category/breaks-and-respite/")
    assert response.status_code == 200
    assert "Breaks for carers at home" in titles(response)
    assert client.get("/services/category/no-such-thing/").status_code == 404


def test_cached_results_follow_directory_changes(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    from services.services.directory import directory_index_refresh

    assert client.get("/services/", {"q": "zebra"}).context["total"] == 0
    service = Service.objects.get(slug="kent-karrier")
    service.name = "Kent Karrier zebra bus"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):  # the new directory version once the change commits
        directory_index_refresh(service_ids=[service.pk])
    response = client.get("/services/", {"q": "zebra"})
    assert titles(response) == ["Kent Karrier zebra bus"]
