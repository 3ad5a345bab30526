"""Each key moment and money-and-breaks page: plain-English parts, the council's numbers, its sources, and the way
to it from the home page and /carers/ in two clicks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from services.guides.models import InformationPage
from tests.core.support import HtmlChecker, head
from tests.guides.support import KEY_MOMENTS, MONEY_AND_BREAKS

pytestmark = pytest.mark.django_db


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


PATHS = [f"/carers/key-moments/{slug}/" for slug in KEY_MOMENTS] + [
    f"/carers/money-and-breaks/{slug}/" for slug in MONEY_AND_BREAKS
]


def test_each_page_says_what_happens_what_to_ask_who_to_contact_and_its_sources(client: Client, pages: None) -> None:
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        page = InformationPage.objects.get(slug=path.rstrip("/").rsplit("/", 1)[1])
        assert f'<h1 class="govuk-heading-xl">{escape(page.title)}</h1>' in html
        for heading in ("What usually happens", "What you can ask for", "Who to contact", "Where this information"):
            assert heading in html, (path, heading)
        for route in ("03000 41 61 61", "18001 03000 41 61 61", "social.services@kent.gov.uk"):
            assert route in html, (path, route)
        assert page.source_items, path
        for source in page.source_items:
            assert escape(source) in html, (path, source)
        # Every link out goes to GOV.UK, a council (gov.uk) or the NHS.
        for url in links(html):
            if url.startswith("http"):
                assert re.match(r"https://([a-z0-9-]+\.)*(gov\.uk|nhs\.uk)/", url), (path, url)


def test_key_moments_index_lists_the_seven_moments_and_young_carers_in_order(client: Client, pages: None) -> None:
    html = client.get("/carers/key-moments/").content.decode()
    found = [
        url
        for url in links(html)
        if url.startswith("/carers/key-moments/") and url.count("/") == 4 and "easy-read" not in url
    ]
    assert found[: len(KEY_MOMENTS)] == [f"/carers/key-moments/{slug}/" for slug in KEY_MOMENTS]
    assert "/carers/key-moments/easy-read/" in links(html)
    assert "/carers/money-and-breaks/direct-payments/" in links(html)


def test_money_and_breaks_index(client: Client, pages: None) -> None:
    html = client.get("/carers/money-and-breaks/").content.decode()
    for slug in MONEY_AND_BREAKS:
        assert f"/carers/money-and-breaks/{slug}/" in links(html)


@pytest.mark.parametrize("start", ["/", "/carers/"])
def test_after_a_hospital_stay_is_two_clicks_from_the_home_page_and_carers(
    client: Client, pages: None, start: str
) -> None:
    first = client.get(start).content.decode()
    assert "/carers/key-moments/" in links(first)
    second = client.get("/carers/key-moments/").content.decode()
    assert "/carers/key-moments/after-a-hospital-stay/" in links(second)


def test_easy_read_index_lists_every_key_moment_in_short_sentences(client: Client, pages: None) -> None:
    html = client.get("/carers/key-moments/easy-read/").content.decode()
    for slug in KEY_MOMENTS:
        page = InformationPage.objects.get(slug=slug)
        assert page.easy_read
        assert escape(page.easy_read) in html
        assert f"/carers/key-moments/{slug}/" in links(html)
    assert "/carers/key-moments/" in links(html)  # back to the standard version


def test_an_unpublished_page_is_not_shown(client: Client, pages: None) -> None:
    InformationPage.objects.filter(slug="life-events").update(published=False)
    assert client.get("/carers/key-moments/life-events/").status_code == 404
    assert "/carers/key-moments/life-events/" not in links(client.get("/carers/key-moments/").content.decode())


def test_a_page_of_one_kind_is_not_found_under_the_other(client: Client, pages: None) -> None:
    assert client.get("/carers/money-and-breaks/after-a-hospital-stay/").status_code == 404
    assert client.get("/carers/key-moments/no-such-page/").status_code == 404


def test_a_bad_postcode_gets_a_gov_uk_error_not_a_failure(client: Client, pages: None) -> None:
    response = client.get("/carers/key-moments/after-a-hospital-stay/?postcode=not+a+postcode")
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Enter a real postcode, like ME14 1XX" in html
    unknown = client.get("/carers/key-moments/after-a-hospital-stay/?postcode=ZZ99+9ZZ").content.decode()
    assert "We could not find ZZ99 9ZZ" in unknown


def test_existing_carers_pages_still_answer(client: Client, pages: Any) -> None:
    """The pages are included under /carers/ before the accounts' own addresses, which must still work."""
    assert client.get("/carers/").status_code == 200
    assert client.get("/carers/assessment/").status_code in (200, 302)


def test_pages_repeat_no_attribute_or_id(client: Client, pages: None) -> None:
    paths = [
        *PATHS,
        "/carers/key-moments/after-a-hospital-stay/?postcode=nonsense",
        "/carers/key-moments/",
        "/carers/key-moments/easy-read/",
        "/carers/money-and-breaks/",
        "/carers/assessment/paper/",
        "/services/?q=respite",
    ]
    for path in paths:
        checker = HtmlChecker()
        checker.feed(client.get(path).content.decode())
        repeated_ids = [f"id {value} used {count} times" for value, count in checker.ids.items() if count > 1]
        assert checker.problems + repeated_ids == [], path


def test_each_page_has_its_own_title_and_description(client: Client, pages: None) -> None:
    paths = [
        *PATHS,
        "/carers/key-moments/",
        "/carers/key-moments/easy-read/",
        "/carers/money-and-breaks/",
        "/carers/assessment/paper/",
    ]
    heads = {path: head(client, path) for path in paths}
    for path, (title, description) in heads.items():
        assert title.endswith("Kent Carers and Wellbeing Portal"), path
        assert 50 <= len(description) <= 300, (path, description)
    assert len({title for title, _ in heads.values()}) == len(paths)
    assert len({description for _, description in heads.values()}) == len(paths)
