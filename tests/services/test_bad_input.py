"""Bad input never produces a 500: each gets a sensible page or a 400 with a message."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.usefixtures("demo_directory")

NASTY = [
    "<script>alert(1)</script>",
    "'; DROP TABLE services_service; --",
    "\x00",
    "a\x00b",
    "%",
    "&&||!!",
    "dementia:* & !carers",
    "((((",
    "🙂" * 50,
    " ",
    "q" * 5000,
]


def test_search_page_survives_any_parameter(client: Client) -> None:
    for param in ["q", "category", "area", "audience", "postcode", "radius", "page"]:
        for value in NASTY:
            response = client.get("/services/", {param: value, "q": "carers"} if param != "q" else {param: value})
            assert response.status_code == 200, (param, value)
            assert b"<script>alert(1)</script>" not in response.content


def test_any_page_number_gives_a_page(client: Client) -> None:
    last = client.get("/services/", {"area": "kent"}).context["page_obj"].num_pages
    assert last > 1
    for page, expected in [
        ("0", 1),
        ("-1", 1),
        ("999999", last),
        ("9" * 40, last),
        ("abc", 1),
        ("1.5", 1),
        ("", 1),
        ("2", 2),
    ]:
        response = client.get("/services/", {"area": "kent", "page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == expected, page


def test_overlong_query_is_explained(client: Client) -> None:
    response = client.get("/services/", {"q": "dementia " * 40})
    assert "Search words must be 200 characters or fewer" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"category": "unicorns"}, "Choose a type of support from the list"),
        ({"area": "narnia"}, "Choose an area from the list"),
        ({"audience": "martians"}, "Choose who the support is for from the list"),
        ({"postcode": "CT5 1AA", "radius": "7"}, "Choose a distance from the list"),
        ({"postcode": "CT5 1AA", "radius": "far"}, "Choose a distance from the list"),
    ],
)
def test_unknown_filter_values_are_reported_and_ignored(client: Client, params: dict[str, str], message: str) -> None:
    response = client.get("/services/", params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["total"] > 0  # the search still ran without the bad filter


def test_api_survives_any_search(client: Client) -> None:
    for value in NASTY:
        for url in ["/api/v1/services", "/api/v1/service_at_locations"]:
            response = client.get(url, {"search": value, "postcode": value[:20]})
            assert response.status_code in {200, 400}, value
            assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_service_is_a_404_page(client: Client) -> None:
    assert client.get("/services/no-such-service/").status_code == 404
    assert client.get("/services/no-such-service/print/").status_code == 404


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), postcode=st.text(max_size=20), page=st.text(max_size=10))
def test_search_never_fails_property(client: Client, q: str, postcode: str, page: str) -> None:
    response = client.get("/services/", {"q": q, "postcode": postcode, "page": page})
    assert response.status_code == 200
