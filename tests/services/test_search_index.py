"""Searches without words are answered from an index in each process's memory (services.search_index): it reloads
when the searchable data changes, whoever changed it, and answers exactly as PostgreSQL does (test_search_sql.py
compares them row for row)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from services import bitsets, search_index
from services.models import Location, Organisation, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from services.selectors import PostcodeLocation, directory_cache_bump, services_search_page
from services.services import directory_index_refresh
from tests.services.factories import ServiceFactory, TaxonomyTermFactory, place

WHITSTABLE = PostcodeLocation(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="canterbury")


def names(**search: object) -> list[str]:
    page, _ = services_search_page(page_number=1, page_size=100, cached=False, **search)  # type: ignore[arg-type]
    return [item.name for item in page.items]


@pytest.mark.django_db
def test_writes_to_searchable_data_give_a_new_version_and_other_writes_do_not() -> None:
    service = ServiceFactory(name="Indexed service", districts=["dover"])
    versions = [search_index.current_version()]

    def changed() -> bool:
        versions.append(search_index.current_version())
        return versions[-1] != versions[-2]

    Service.objects.filter(pk=service.pk).update(districts=["thanet"])
    assert changed()
    service.categories.add(TaxonomyTermFactory())
    assert changed()
    link = place(service, latitude=51.36, longitude=1.02)
    assert changed()
    Location.objects.filter(pk=link.location_id).update(latitude=51.0)
    assert changed()
    Organisation.objects.filter(pk=service.organisation_id).update(name="Renamed provider")  # results show it
    assert changed()
    Organisation.objects.filter(pk=service.organisation_id).update(phone="01227 000001")
    assert not changed()
    Phone.objects.create(service=service, number="01227 000000")
    assert not changed()
    Schedule.objects.create(service=service, weekday=Schedule.Weekday.MONDAY, opens_at="09:00", closes_at="17:00")
    assert not changed()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_never_leaves_its_version_behind() -> None:
    ServiceFactory(name="First")
    before = search_index.current_version()
    transaction.set_autocommit(False)
    ServiceFactory(name="Rolled back")
    rolled_back = search_index.current_version()
    transaction.rollback()
    transaction.set_autocommit(True)
    assert search_index.current_version() == before
    ServiceFactory(name="Second")
    after = search_index.current_version()
    assert rolled_back is not None
    assert after is not None
    assert after > rolled_back  # never the same number again


@pytest.mark.usefixtures("demo_directory")
def test_results_follow_every_kind_of_edit_at_once(client: Client) -> None:
    dementia = TaxonomyTerm.objects.get(slug="dementia")
    assert "Indexed walk" not in names(category=dementia)
    service = ServiceFactory(name="Indexed walk", districts=["swale"])
    service.categories.add(dementia)
    directory_index_refresh(service_ids=[service.pk])
    assert "Indexed walk" in names(category=dementia)
    assert "Indexed walk" in names(category=dementia, districts=["swale"])
    assert "Indexed walk" not in names(category=dementia, districts=["dover"])

    link = place(service, latitude=51.3610, longitude=1.0260)  # in Whitstable
    assert "Indexed walk" in names(origin=WHITSTABLE, radius_miles=1)
    location = link.location
    location.latitude, location.longitude = 51.1279, 1.3134  # moved to Dover
    location.save()
    assert "Indexed walk" not in names(origin=WHITSTABLE, radius_miles=5)

    ServiceAtLocation.objects.filter(pk=link.pk).delete()  # no place now: covers Swale, not Canterbury
    assert "Indexed walk" not in names(origin=WHITSTABLE, radius_miles=5)
    Service.objects.filter(pk=service.pk).update(districts=["canterbury", "swale"])
    assert "Indexed walk" in names(origin=WHITSTABLE, radius_miles=5)

    Service.objects.filter(pk=service.pk).update(status=Service.Status.INACTIVE)
    assert "Indexed walk" not in names(category=dementia)
    directory_cache_bump()
    assert "Indexed walk" not in client.get("/services/", {"category": "dementia"}).content.decode()


@pytest.mark.django_db
def test_an_emptied_version_table_falls_back_to_sql() -> None:
    ServiceFactory(name="Still found", districts=["dover"])
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_searchindexversion")
    assert search_index.facet_index() is None
    assert names(districts=["dover"]) == ["Still found"]


@given(st.integers(min_value=0, max_value=2**300 - 1), st.integers(min_value=0, max_value=310), st.integers(1, 30))
def test_set_bits_pages_through_the_set_bits_in_order(bits: int, start: int, size: int) -> None:
    every = [i for i in range(bits.bit_length()) if (bits >> i) & 1]
    assert bitsets.set_bits_page(bits, start, size) == every[start : start + size]


@given(st.sets(st.integers(min_value=0, max_value=5000), max_size=3000))
def test_set_bits_lists_every_set_bit_sparse_or_dense(positions: set[int]) -> None:
    assert bitsets.set_bits(bitsets.bitset(list(positions), 5001)) == sorted(positions)


@pytest.mark.django_db(transaction=True)
def test_the_index_reloads_in_the_background_while_sql_answers(settings: Any) -> None:
    settings.DIRECTORY_SEARCH_INDEX_IN_BACKGROUND = True
    service = ServiceFactory(name="Zanzibar lunch club", districts=["dover"])
    directory_index_refresh(service_ids=[service.pk])  # committed: a new version
    assert search_index.facet_index() is None  # not loaded for this version yet...
    assert names(query="zanzibar") == ["Zanzibar lunch club"]  # ...so SQL answers, while a thread loads it
    search_index.load_wait()
    index = search_index.facet_index()
    assert index is not None
    assert index.version == search_index.current_version()
    assert index.shown[service.pk].name == "Zanzibar lunch club"
    assert names(query="zanzibar") == ["Zanzibar lunch club"]
    assert names(districts=["dover"]) == ["Zanzibar lunch club"]
