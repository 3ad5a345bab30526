"""A search page's content is cached for the directory version: repeated searches run no SQL, and every committed
directory change (through the service layer) shows at once."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from services.models import Service, ServiceAtLocation, TaxonomyTerm
from services.presentation import distance_text
from services.selectors.directory import DIRECTORY_VERSION_KEY, directory_version, search_cache_seconds
from services.selectors.postcodes import postcode_lookup
from services.services.directory import directory_index_refresh, directory_version_bump

pytestmark = pytest.mark.usefixtures("demo_directory")


def test_a_repeated_search_serves_its_content_from_the_cache_but_not_the_page_around_it(
    client: Client, user_factory: Callable[..., Any], django_capture_on_commit_callbacks: Any
) -> None:
    first = client.get("/services/", {"q": "carers", "area": "canterbury"})
    assert "page_obj" in first.context  # rendered
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/services/?area=canterbury&q=carers")  # the same search, parameters in another order
    assert len(queries) == 0
    assert "page_obj" not in again.context  # not rendered again...
    main = first.content.decode().split('id="main-content"')[1]
    assert again.content.decode().split('id="main-content"')[1] == main  # ...the same content
    assert "Search results" in again.content.decode().split("</title>")[0]

    # The frame is still each person's own: signed in, the same cached content sits in their page.
    client.force_login(user_factory(email="carer@example.com"))
    signed_in = client.get("/services/?q=carers&area=canterbury")
    assert "page_obj" not in signed_in.context
    assert "Sign out" in signed_in.content.decode()
    assert "Sign out" not in again.content.decode()

    # A directory edit means new content, once it commits.
    assert "Kent Karrier community bus" not in client.get("/services/?q=karrier").content.decode()
    service = Service.objects.get(slug="kent-karrier")
    service.name = "Kent Karrier community bus"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        directory_index_refresh(service_ids=[service.pk])
    edited = client.get("/services/?q=karrier")
    assert "page_obj" in edited.context
    assert "Kent Karrier community bus" in edited.content.decode()


def test_the_version_moves_once_per_committed_change(django_capture_on_commit_callbacks: Any) -> None:
    before = directory_version()
    with django_capture_on_commit_callbacks() as callbacks:
        directory_version_bump()
    assert directory_version() == before  # not before the change commits
    for callback in callbacks:
        callback()
    assert directory_version() == before + 1


def test_each_search_keeps_one_entry_whatever_the_number_of_edits(django_capture_on_commit_callbacks: Any) -> None:
    """An entry made at an older directory version is made again and replaces the old one."""
    client = Client()
    client.get("/services/", {"q": "carers"})
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            directory_version_bump()
        assert "page_obj" in client.get("/services/", {"q": "carers"}).context  # made again
    assert len(cache.keys("directory:search:*")) == 1  # type: ignore[attr-defined]
    assert "page_obj" not in client.get("/services/", {"q": "carers"}).context  # and served from it


def test_a_search_with_other_parameters_is_not_cached(client: Client) -> None:
    """Made-up parameters would each make a cache entry, and the page's links carry them: no caching then."""
    for _ in range(2):
        response = client.get("/services/", {"q": "carers", "utm_source": "newsletter"})
        assert "page_obj" in response.context  # rendered each time
        assert "utm_source=newsletter" in response.content.decode()  # kept in the page's links
    assert "utm_source" not in client.get("/services/", {"q": "carers"}).content.decode()


def test_cached_search_pages_expire_and_the_version_does_not() -> None:
    """Redis evicts only keys with an expiry when full (docker-compose.yml): the pages, never the version."""
    Client().get("/services/", {"q": "carers"})
    [key] = cache.keys("directory:search:*")  # type: ignore[attr-defined]
    assert 0 < cache.ttl(key) <= search_cache_seconds()  # type: ignore[attr-defined]
    assert cache.ttl(DIRECTORY_VERSION_KEY) is None  # type: ignore[attr-defined]


def test_a_search_with_an_error_is_cached_with_its_error_title(client: Client) -> None:
    for _ in range(2):
        response = client.get("/services/", {"postcode": "ZZ99 9ZZ"})
        assert response.content.decode().split("</title>")[0].split("<title>")[1].startswith("Error: ")
        assert "We could not find ZZ99 9ZZ" in response.content.decode()


def test_a_renamed_category_shows_once_saved(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    assert b"Breaks and respite" in client.get("/services/").content
    term = TaxonomyTerm.objects.get(slug="breaks-and-respite")
    term.name = "Short breaks"
    term.save()
    with django_capture_on_commit_callbacks(execute=True):  # as the admin does
        directory_index_refresh(service_ids=list(term.services.values_list("pk", flat=True)))
    content = client.get("/services/").content
    assert b"Short breaks" in content
    assert b"Breaks and respite" not in content
    assert "Breaks for carers at home" in [s.name for s in client.get("/services/?q=short+breaks").context["page_obj"]]


def test_result_list_shows_what_the_service_objects_say(client: Client) -> None:
    closed = Service.objects.get(slug="kent-karrier")
    closed.status = Service.Status.TEMPORARILY_CLOSED
    closed.save()
    response = client.get("/services/", {"postcode": "CT5 1AA"})
    content = response.content.decode()
    shown = 0
    origin = postcode_lookup(postcode="CT5 1AA")
    assert origin is not None
    for service in response.context["page_obj"]:
        places = ServiceAtLocation.objects.filter(service=service).select_related("location")
        nearest = min(
            (p for p in places if p.location.latitude is not None),
            key=lambda p: math.dist(
                (p.location.latitude, p.location.longitude * math.cos(math.radians(origin.latitude))),
                (origin.latitude, origin.longitude * math.cos(math.radians(origin.latitude))),
            ),
            default=None,
        )
        assert service.place == (None if nearest is None else nearest.location.city or nearest.location.name)
        assert f'href="{service.get_absolute_url()}"' in content
        if service.distance is not None and service.place is not None:
            assert f"{distance_text(service.distance)}</strong> ({service.place})" in content
            shown += 1
    assert shown
    karrier = client.get("/services/", {"q": "Kent Karrier"})
    assert "Temporarily closed</strong>" in karrier.content.decode()
