"""What an uncached search loads: the result list's own query, and the per-process vocabulary and category list,
which have versions of their own so that a directory edit only reloads what it changed."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from services import views
from services.models import SearchWord, Service, ServiceAtLocation, TaxonomyTerm
from services.selectors import (
    directory_cache_bump,
    directory_cache_versions,
    search_cache_seconds,
    search_content_cache_key,
    vocabulary_cache_version_set,
)
from services.services import directory_index_refresh

pytestmark = pytest.mark.usefixtures("demo_directory")

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_a_new_result_version_reuses_the_vocabulary_and_categories(client: Client) -> None:
    client.get("/services/", {"q": "dementa"})  # this process loads the vocabulary and the category list
    directory_cache_bump()  # an edit that changed neither (a phone number, say)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/services/?q=dementa")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "services_searchword" not in sql
    assert "services_taxonomyterm" not in sql
    assert "page_obj" in response.context  # the search itself is not cached any more (this process's index found it)
    content = client.get("/services/", {"q": "dementa"}).content.decode()  # now from the page cache
    assert 'Did you mean <a class="govuk-link" href="?q=dementia">dementia</a>?' in content


def test_a_repeated_search_serves_its_content_from_the_cache_but_not_the_page_around_it(
    client: Client, user_factory: Callable[..., Any]
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

    # A directory edit means new content.
    assert "Kent Karrier community bus" not in client.get("/services/?q=karrier").content.decode()
    service = Service.objects.get(slug="kent-karrier")
    service.name = "Kent Karrier community bus"
    service.save()
    directory_index_refresh(service_ids=[service.pk])
    edited = client.get("/services/?q=karrier")
    assert "page_obj" in edited.context
    assert "Kent Karrier community bus" in edited.content.decode()


def test_a_search_is_kept_once_its_page_has_been_sent(rf: RequestFactory) -> None:
    request = rf.get("/services/", {"q": "carers"})
    request.user = AnonymousUser()
    response = views.search(request)
    key = search_content_cache_key(params=QueryDict("q=carers"))
    assert cache.get(key) is None  # the person does not wait for the cache
    response.close()  # as the WSGI server does once it has sent the page
    assert zlib.decompress(cache.get(key)["content"]).decode() in response.content.decode()


def test_a_search_with_other_parameters_is_not_cached(client: Client) -> None:
    """Made-up parameters would each make a cache entry, and the page's links carry them: no caching then."""
    for _ in range(2):
        response = client.get("/services/", {"q": "carers", "utm_source": "newsletter"})
        assert "page_obj" in response.context  # rendered each time
        assert "utm_source=newsletter" in response.content.decode()  # kept in the page's links
    assert "utm_source" not in client.get("/services/", {"q": "carers"}).content.decode()


def test_cached_search_pages_expire_and_the_versions_do_not() -> None:
    """Redis evicts only keys with an expiry when full (docker-compose.yml): the pages, never the versions."""
    Client().get("/services/", {"q": "carers"})
    key = search_content_cache_key(params=QueryDict("q=carers"))
    assert 0 < cache.ttl(key) <= search_cache_seconds()  # type: ignore[attr-defined]
    assert cache.ttl("directory:version") is None  # type: ignore[attr-defined]


def test_a_search_with_an_error_is_cached_with_its_error_title(client: Client) -> None:
    for _ in range(2):
        response = client.get("/services/", {"postcode": "ZZ99 9ZZ"})
        assert response.content.decode().split("</title>")[0].split("<title>")[1].startswith("Error: ")
        assert "We could not find ZZ99 9ZZ" in response.content.decode()


def test_the_vocabulary_version_changes_only_when_its_words_do(
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    service = Service.objects.get(slug="kent-karrier")
    with django_capture_on_commit_callbacks(execute=True):
        directory_index_refresh(service_ids=[service.pk])
    before = directory_cache_versions()

    service.url = "https://example.com/karrier"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        directory_index_refresh(service_ids=[service.pk])
    unchanged = directory_cache_versions()
    assert unchanged.vocabulary == before.vocabulary
    assert unchanged.results != before.results

    service.name = "Kent Karrier zumba bus"
    service.save()
    with django_capture_on_commit_callbacks(execute=True):
        directory_index_refresh(service_ids=[service.pk])
    assert directory_cache_versions().vocabulary != before.vocabulary


def test_new_words_from_another_process_arrive_through_the_vocabulary_version(client: Client) -> None:
    assert client.get("/services/", {"q": "zumbba"}).context["suggestion"] is None
    # Another process rebuilds the vocabulary (this process's copy is untouched) and publishes its fingerprint.
    SearchWord.objects.create(word="zumba", frequency=1)
    directory_cache_bump()
    assert client.get("/services/", {"q": "zumbba"}).context["suggestion"] is None  # words unchanged here
    vocabulary_cache_version_set(12345)
    assert client.get("/services/", {"q": "zumbba"}).context["suggestion"] == "zumba"


def test_a_renamed_category_shows_at_once(client: Client) -> None:
    assert b"Breaks and respite" in client.get("/services/").content
    term = TaxonomyTerm.objects.get(slug="breaks-and-respite")
    term.name = "Short breaks"
    term.save()
    content = client.get("/services/").content
    assert b"Short breaks" in content
    assert b"Breaks and respite" not in content


def test_result_list_shows_what_the_service_objects_say(client: Client) -> None:
    closed = Service.objects.get(slug="kent-karrier")
    closed.status = Service.Status.TEMPORARILY_CLOSED
    closed.save()
    response = client.get("/services/", {"postcode": "CT5 1AA"})
    page = response.context["page_obj"]
    content = response.content.decode()
    services = list(page)  # full Service objects, loaded separately
    assert [item.slug for item in page.items] == [service.slug for service in services]
    for item, service in zip(page.items, services, strict=True):
        assert item.name == service.name
        assert item.url == service.get_absolute_url()
        assert item.organisation_name == service.organisation.name
        assert item.status_label == service.get_status_display()
        assert item.distance == service.distance  # type: ignore[attr-defined]
        first = ServiceAtLocation.objects.filter(service=service).select_related("location").order_by("pk").first()
        assert item.place == (None if first is None else first.location.city or first.location.name)
        assert f'href="{item.url}"' in content
        if item.distance is not None and item.place is not None:
            assert f"{item.distance_text}</strong> ({item.place})" in content
    karrier = client.get("/services/", {"q": "Kent Karrier"})
    assert "Temporarily closed</strong>" in karrier.content.decode()
    assert any(
        item.slug == "kent-karrier" and item.status_label == "Temporarily closed"
        for item in karrier.context["page_obj"].items
    )
