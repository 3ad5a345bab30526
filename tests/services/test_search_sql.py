"""Search pages run one hand-written query (`selectors.search_rows`, planned around the radius for searches within
one): the same services, in the same order, with the same distances and totals as the ORM's `services_search`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count, Window

from services import selectors
from services.geography import area_districts
from services.models import Audience, Service, ServiceAtLocation, TaxonomyTerm
from services.selectors import PostcodeLocation
from services.services import directory_index_refresh
from tests.services.factories import LocationFactory, ServiceFactory, place

pytestmark = pytest.mark.django_db

WHITSTABLE = PostcodeLocation(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="canterbury")
MAIDSTONE = PostcodeLocation(postcode="ME14", latitude=51.28, longitude=0.53, district="maidstone", exact=False)
NO_DISTRICT = PostcodeLocation(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="")


def _general(**search: Any) -> list[tuple[int, float | None, bool, int]]:
    """Every row of the general query (as before this path existed), with the window total."""
    qs = selectors.services_search(**search).services.annotate(total=Window(Count("pk")))
    if "origin" not in search:  # no distance, and nothing covers a postcode's area
        return [(pk, None, False, total) for pk, total in qs.values_list("pk", "total")]
    rows = qs.values_list("pk", "distance", "covers_origin", "total")
    return [(pk, distance, bool(covers), total) for pk, distance, covers, total in rows]


def _searches() -> list[dict[str, Any]]:
    carers = TaxonomyTerm.objects.get(slug="carers-support")
    wellbeing = TaxonomyTerm.objects.get(slug="wellbeing-groups")
    searches: list[dict[str, Any]] = []
    for origin in (WHITSTABLE, MAIDSTONE, NO_DISTRICT):
        for radius in (1, 5, 20):
            searches.append({"origin": origin, "radius_miles": radius})
    searches += [
        {"origin": WHITSTABLE, "radius_miles": 10, "query": "carers"},
        {"origin": WHITSTABLE, "radius_miles": 10, "query": "dementa"},  # corrected spelling, ranked
        {"origin": WHITSTABLE, "radius_miles": 10, "query": "zzqqxx"},  # nothing
        {"origin": WHITSTABLE, "radius_miles": 20, "category": wellbeing, "districts": area_districts("east-kent")},
        {
            "origin": WHITSTABLE,
            "radius_miles": 10,
            "query": "carers",
            "category": carers,
            "districts": area_districts("canterbury"),
            "audience": Audience.CARERS,
        },
        {"origin": MAIDSTONE, "radius_miles": 20, "audience": Audience.CARERS},
        # Words and a filter: planned around the words, each service's nearest place worked out from it.
        {"origin": MAIDSTONE, "radius_miles": 20, "query": "carers", "audience": Audience.CARERS},
        {"origin": NO_DISTRICT, "radius_miles": 5, "query": "support", "districts": area_districts("east-kent")},
        {"origin": WHITSTABLE, "radius_miles": 1, "query": "dementa", "category": wellbeing},
    ]
    # Without a radius: sorted by distance (or not, with no postcode), ranked by words, every filter.
    searches += [
        {},
        {"query": "carers"},
        {"query": "dementa"},
        {"query": "carers support groups"},
        {"query": "zzqqxx"},
        {"category": wellbeing, "districts": area_districts("east-kent")},
        {"audience": Audience.CARERS},
        {"query": "carers", "category": carers, "districts": area_districts("canterbury"), "audience": "carers"},
        {"origin": WHITSTABLE},
        {"origin": MAIDSTONE, "query": "dementia"},
        {"origin": NO_DISTRICT, "category": wellbeing},
    ]
    return searches


@pytest.fixture
def directory(demo_directory: None) -> None:
    call_command("generate_directory", "--services", "300", "--seed", "11", verbosity=0)
    # Ties: two services at one place (ordered by name, then id), and one with several places (its nearest counts).
    shared = LocationFactory(latitude=51.3610, longitude=1.0260)
    for name in ("Tied service", "Tied service"):
        service = ServiceFactory(name=name, districts=["swale"])
        ServiceAtLocation.objects.create(service=service, location=shared)
    several = ServiceFactory(name="Several places", districts=["thanet"])
    place(several, latitude=51.50, longitude=1.30)
    place(several, latitude=51.3650, longitude=1.0300)
    ServiceFactory(name="No place, covers Canterbury", districts=["canterbury"])
    ServiceFactory(name="No place, elsewhere", districts=["dover"])
    place(ServiceFactory(name="Place without coordinates", districts=["canterbury"]), latitude=None, longitude=None)


@pytest.mark.usefixtures("directory")
def test_search_rows_match_the_general_search_on_every_page() -> None:
    checked = 0
    for search in _searches():
        expected = _general(**search)
        assert selectors.search_rows(start=0, size=100_000, **search) == expected, search
        for start in (0, 20, 40):
            assert selectors.search_rows(start=start, size=20, **search) == expected[start : start + 20]
        checked += len(expected)
    assert checked > 500  # the searches above really find services (near ones, and ones covering the area)


@pytest.mark.usefixtures("directory")
def test_search_pages_are_the_general_search_pages() -> None:
    for search in _searches():
        expected = _general(**search)
        total = len(expected)
        last = max(1, -(-total // 20))
        for number in (1, 2, last, last + 5):  # past the end shows the last page
            page, _ = selectors.services_search_page(page_number=number, page_size=20, **search)
            shown = min(number, last)
            assert (page.count, page.number) == (total, shown), search
            rows = expected[(shown - 1) * 20 : shown * 20]
            assert page.rows == [[pk, distance, covers] for pk, distance, covers, _ in rows]


@pytest.mark.usefixtures("directory")
def test_radius_rows_include_near_places_and_area_services_without_places() -> None:
    rows = selectors.search_rows(start=0, size=100_000, origin=WHITSTABLE, radius_miles=1)
    by_id = {pk: (distance, covers) for pk, distance, covers, _ in rows}
    names = dict(Service.objects.filter(pk__in=by_id).values_list("pk", "name"))
    assert "Several places" in names.values()
    assert "No place, covers Canterbury" in names.values()
    assert "No place, elsewhere" not in names.values()
    assert "Place without coordinates" not in names.values()  # it has a place, but nowhere near is known
    several = next(pk for pk, name in names.items() if name == "Several places")
    nearest = by_id[several][0]
    assert nearest is not None
    assert nearest < 1


def test_has_place_follows_the_places_a_service_gains_and_loses(demo_directory: None) -> None:
    """Radius searches read `has_place`: it must follow every way a place is added or removed."""
    service = ServiceFactory(name="Moves about", districts=["canterbury"])

    def has_place() -> bool:
        return Service.objects.values_list("has_place", flat=True).get(pk=service.pk)

    assert has_place() is False
    first = place(service, latitude=51.36, longitude=1.03)
    second = place(service, latitude=51.37, longitude=1.04)
    assert has_place() is True
    first.delete()
    assert has_place() is True  # it still runs at the second place
    second.location.delete()  # deleting the location removes the service-at-location with it
    assert has_place() is False
    rows = selectors.search_rows(start=0, size=100_000, origin=WHITSTABLE, radius_miles=1)
    assert service.pk in {pk for pk, *_ in rows}  # found again as a service covering the area

    # Bulk writes skip signals; the search index upkeep puts the flag right.
    Service.objects.filter(pk=service.pk).update(has_place=True)
    directory_index_refresh(service_ids=[service.pk])
    assert has_place() is False


def test_category_ids_follow_the_categories_from_either_side(demo_directory: None) -> None:
    """Searches by category read `category_ids`: it must follow every change to a service's categories."""
    carers = TaxonomyTerm.objects.get(slug="carers-support")
    wellbeing = TaxonomyTerm.objects.get(slug="wellbeing-groups")
    service = ServiceFactory(name="Changes type")

    def category_ids() -> list[int]:
        return Service.objects.values_list("category_ids", flat=True).get(pk=service.pk)

    assert category_ids() == []
    service.categories.add(wellbeing, carers)
    assert category_ids() == sorted([carers.pk, wellbeing.pk])
    service.categories.remove(carers)
    assert category_ids() == [wellbeing.pk]
    carers.services.add(service)  # from the category's side
    assert category_ids() == sorted([carers.pk, wellbeing.pk])
    carers.services.remove(service)
    assert category_ids() == [wellbeing.pk]
    wellbeing.services.clear()  # every service loses it
    assert category_ids() == []
    service.categories.set([carers])
    assert category_ids() == [carers.pk]
    search = selectors.services_search(category=carers)
    assert service.pk in set(search.services.values_list("pk", flat=True))

    # Bulk writes skip signals; the search index upkeep puts the ids right.
    Service.objects.filter(pk=service.pk).update(category_ids=[])
    directory_index_refresh(service_ids=[service.pk])
    assert category_ids() == [carers.pk]


@pytest.mark.usefixtures("directory")
def test_kept_search_columns_match_the_data_after_every_way_of_loading_it() -> None:
    """Demo seed, generate_directory (bulk) and single saves (signals) all leave has_place and category_ids true."""
    through = Service.categories.through
    categories: dict[int, list[int]] = {}
    for service_id, term_id in through.objects.order_by("taxonomyterm_id").values_list("service_id", "taxonomyterm_id"):
        categories.setdefault(service_id, []).append(term_id)
    with_places = set(ServiceAtLocation.objects.values_list("service_id", flat=True))
    rows = list(Service.objects.values_list("pk", "has_place", "category_ids"))
    assert len(rows) > 300
    assert [pk for pk, has_place, _ in rows if has_place != (pk in with_places)] == []
    assert [pk for pk, _, ids in rows if ids != categories.get(pk, [])] == []
