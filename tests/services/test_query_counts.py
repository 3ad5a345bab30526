"""The search page and the API run the same number of SQL queries whatever the number of matches."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from services.models import Service
from services.selectors import directory_cache_bump

pytestmark = pytest.mark.usefixtures("demo_directory")


def count_queries(client: Client, url: str) -> int:
    """Queries for a search nobody has made since the directory last changed (this process's spelling
    vocabulary and search index already reloaded for that change, as they are after the first search)."""
    directory_cache_bump()
    client.get("/services/?q=reload+vocabulary")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_search_page_queries_do_not_grow_with_results(client: Client) -> None:
    client.get("/services/?q=warmup")  # the spelling vocabulary loads once per process...
    client.get("/services/?area=kent")  # ...and so does the search index
    assert count_queries(client, "/services/?q=karrier") == count_queries(client, "/services/?q=carers")
    few = count_queries(client, "/services/?category=dementia&area=thanet&audience=carers")
    assert few == count_queries(client, "/services/?area=kent-and-medway")
    near = count_queries(client, "/services/?postcode=CT5+1AA&radius=1")
    assert near == count_queries(client, "/services/?postcode=CT5+1AA&radius=20")
    assert near == few  # the postcode is looked up in the same query as the index version


def test_warm_search_runs_no_queries(client: Client) -> None:
    client.get("/services/?q=carers")
    with CaptureQueriesContext(connection) as queries:
        client.get("/services/?q=carers")
    assert len(queries) == 0


def test_api_queries_do_not_grow_with_results(client: Client) -> None:
    one = count_queries(client, "/api/v1/services?search=karrier")
    many = count_queries(client, "/api/v1/services?per_page=100")
    assert one == many
    small = Service.objects.get(slug="canterbury-art-studio")  # one place; the other has four
    big = Service.objects.get(slug="dementia-support-adss-age-uk-herne-bay-whitstable")
    assert count_queries(client, f"/api/v1/services/{small.uuid}") == count_queries(
        client, f"/api/v1/services/{big.uuid}"
    )


def test_queries_per_search_page(client: Client) -> None:
    client.get("/services/?q=warmup")
    client.get("/services/?area=kent")
    # One: the search index's version (with the lexemes of words this process has not seen before); the index finds
    # the page and keeps what the result list shows.
    assert count_queries(client, "/services/?q=karrier") == 1  # a new word
    assert count_queries(client, "/services/?q=karrier") == 1  # a known one
    assert count_queries(client, "/services/?q=zzqqxxyy") == 1  # nothing matches
    assert count_queries(client, "/services/?q=carers&category=carers-support&area=canterbury&audience=carers") == 1
    assert count_queries(client, "/services/?category=carers-support&area=canterbury") == 1
    # From a postcode, the same query looks the postcode up too.
    assert count_queries(client, "/services/?postcode=CT5+1AA&radius=5&q=carers") == 1
    assert count_queries(client, "/services/?postcode=CT5+1AA&radius=5&q=zanzibar") == 1  # a new word
    assert count_queries(client, "/services/?postcode=CT5+1AA&radius=5") == 1
    # Without the index (its version table emptied): the version, then the search with the columns shown.
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_searchindexversion")
    assert count_queries(client, "/services/?q=carers") == 2


@pytest.mark.parametrize("search", ["/services/?area=kent", "/services/?q=carers"])
def test_the_search_index_reloads_once_after_a_change(client: Client, search: str) -> None:
    client.get(search)
    Service.objects.filter(slug="kent-karrier").update(districts=["thanet"])
    directory_cache_bump()
    with CaptureQueriesContext(connection) as loading:
        client.get(search)
    assert len(loading) == 1 + 3  # the version, then clearing older versions and loading services and places
    assert count_queries(client, search) == 1
