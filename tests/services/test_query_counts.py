"""The search page and the API run the same number of SQL queries whatever the number of matches."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from services.models import Service
from services.services.directory import directory_version_bump

pytestmark = pytest.mark.usefixtures("demo_directory")


@pytest.fixture
def count_queries(client: Client, django_capture_on_commit_callbacks: Any) -> Any:
    def count(url: str, *, after_an_edit: bool = False) -> int:
        """Queries for a search nobody has made for this directory version (the category list already cached,
        unless `after_an_edit`)."""
        with django_capture_on_commit_callbacks(execute=True):
            directory_version_bump()
        if not after_an_edit:
            client.get("/services/")  # the category list
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    return count


def test_search_page_queries_do_not_grow_with_results(count_queries: Any) -> None:
    assert count_queries("/services/?q=karrier") == count_queries("/services/?q=carers")
    few = count_queries("/services/?category=dementia&area=thanet&audience=carers")
    assert few == count_queries("/services/?area=kent-and-medway")
    near = count_queries("/services/?postcode=CT5+1AA&radius=1")
    assert near == count_queries("/services/?postcode=CT5+1AA&radius=20")


def test_queries_per_search_page(count_queries: Any) -> None:
    counts = {
        # The page and its total: one query, also with the filters on who a service is for on the day.
        "/services/?category=carers-support&area=canterbury": 1,
        "/services/?area=canterbury&need_level=low&age=70": 1,
        # Words that find something: the carers' information pages they match (services.guides) come in the same
        # query as the services, and there is no spelling query.
        "/services/?q=carers": 1,
        "/services/?q=carers&category=carers-support&area=canterbury&audience=carers": 1,
        # Words that find nothing: the spelling ("Did you mean"), then the corrected search if there is a
        # correction (with the information pages), else the information pages on their own.
        "/services/?q=zzqqxxyy": 3,
        "/services/?q=dementa": 3,
        # From a postcode, first the postcode.
        "/services/?postcode=CT5+1AA&radius=5": 2,
        "/services/?postcode=CT5+1AA&radius=5&q=carers": 2,
    }
    assert {url: count_queries(url) for url in counts} == counts
    # The first search after an edit loads the category list again too.
    assert count_queries("/services/?postcode=CT5+1AA&radius=5&q=carers", after_an_edit=True) == 3
    # At most 3 queries a page (issue 25).
    assert max(counts.values()) <= 3


def test_warm_search_runs_no_queries(client: Client) -> None:
    client.get("/services/?q=carers")
    with CaptureQueriesContext(connection) as queries:
        client.get("/services/?q=carers")
    assert len(queries) == 0


def test_api_queries_do_not_grow_with_results(count_queries: Any) -> None:
    one = count_queries("/api/v1/services?search=karrier")
    many = count_queries("/api/v1/services?per_page=100")
    assert one == many
    small = Service.objects.get(slug="canterbury-art-studio")  # one place; the other has four
    big = Service.objects.get(slug="dementia-support-adss-age-uk-herne-bay-whitstable")
    assert count_queries(f"/api/v1/services/{small.uuid}") == count_queries(f"/api/v1/services/{big.uuid}")
