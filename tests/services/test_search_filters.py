"""What the one search selector finds from filters and a postcode, and that it follows every kind of edit at once
(it reads the tables themselves: nothing to keep in step)."""

from __future__ import annotations

import pytest

from services.models import Service, ServiceAtLocation, TaxonomyTerm
from services.selectors.postcodes import PostcodeLocation
from services.selectors.search import services_search
from services.selectors.search_page import services_search_page
from services.services.directory import directory_index_refresh
from tests.services.factories import LocationFactory, ServiceFactory, place

pytestmark = pytest.mark.usefixtures("demo_directory")

WHITSTABLE = PostcodeLocation(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="canterbury")


def names(**search: object) -> list[str]:
    return [service.name for service in services_search(**search)]  # type: ignore[arg-type]


def test_radius_includes_near_places_and_area_services_without_places() -> None:
    several = ServiceFactory(name="Several places", districts=["thanet"])
    place(several, latitude=51.50, longitude=1.30)
    place(several, latitude=51.3650, longitude=1.0300)
    place(several, latitude=51.3640, longitude=1.0290)  # two places in reach: one result, counted once
    ServiceFactory(name="No place, covers Canterbury", districts=["canterbury"])
    ServiceFactory(name="No place, elsewhere", districts=["dover"])
    place(ServiceFactory(name="Place without coordinates", districts=["canterbury"]), latitude=None, longitude=None)

    found = {service.name: service for service in services_search(origin=WHITSTABLE, radius_miles=1)}
    assert "No place, covers Canterbury" in found
    assert "No place, elsewhere" not in found
    assert "Place without coordinates" not in found  # it has a place, but nowhere near is known
    assert found["Several places"].distance < 1  # its nearest place counts
    assert found["No place, covers Canterbury"].distance is None
    assert found["No place, covers Canterbury"].covers_origin
    found_list = list(services_search(origin=WHITSTABLE, radius_miles=1))
    assert [service.name for service in found_list].count("Several places") == 1
    page = services_search_page(page_number=1, origin=WHITSTABLE, radius_miles=1)
    assert page.count == len(found_list)


def test_ties_sort_by_name_then_id_and_every_page_has_the_total() -> None:
    shared = LocationFactory(latitude=51.3610, longitude=1.0260)
    tied = [ServiceFactory(name="Tied service", districts=["swale"]) for _ in range(2)]
    for service in tied:
        ServiceAtLocation.objects.create(service=service, location=shared)
    ordered = list(services_search(origin=WHITSTABLE, radius_miles=20))
    ids = [service.pk for service in ordered if service.name == "Tied service"]
    assert ids == sorted(service.pk for service in tied)
    for number in (1, 2, 99):  # past the end shows the last page
        page = services_search_page(page_number=number, page_size=5, origin=WHITSTABLE, radius_miles=20)
        last = -(-len(ordered) // 5)
        assert (page.count, page.number) == (len(ordered), min(number, last))
        start = (page.number - 1) * 5
        assert [service.pk for service in page] == [service.pk for service in ordered[start : start + 5]]


def test_results_follow_every_kind_of_edit_at_once() -> None:
    dementia = TaxonomyTerm.objects.get(slug="dementia")
    assert "Indexed walk" not in names(category=dementia)
    service = ServiceFactory(name="Indexed walk", districts=["swale"])
    service.categories.add(dementia)
    directory_index_refresh(service_ids=[service.pk])
    assert "Indexed walk" in names(category=dementia)
    assert "Indexed walk" in names(category=dementia, districts=["swale"])
    assert "Indexed walk" not in names(category=dementia, districts=["dover"])
    assert "Indexed walk" in names(query="indexed walk")

    link = place(service, latitude=51.3610, longitude=1.0260)  # in Whitstable
    assert "Indexed walk" in names(origin=WHITSTABLE, radius_miles=1)
    location = link.location
    location.latitude, location.longitude = 51.1279, 1.3134  # moved to Dover
    location.save()
    assert "Indexed walk" not in names(origin=WHITSTABLE, radius_miles=5)

    ServiceAtLocation.objects.filter(pk=link.pk).delete()  # no place now: covers Swale, not Canterbury
    assert "Indexed walk" not in names(origin=WHITSTABLE, radius_miles=5)
    Service.objects.filter(pk=service.pk).update(districts=["canterbury", "swale"])
    assert "Indexed walk" in names(origin=WHITSTABLE, radius_miles=5)  # found again as covering the area

    service.categories.remove(dementia)
    assert "Indexed walk" not in names(category=dementia)
    Service.objects.filter(pk=service.pk).update(status=Service.Status.INACTIVE)
    assert "Indexed walk" not in names()
