"""The "Where to get help" page: the front doors and community roles, who each is for and how to reach them."""

from __future__ import annotations

import pytest
from django.test import Client

from services.models import Service

pytestmark = pytest.mark.usefixtures("demo_directory")

PAGE = "/services/where-to-get-help/"


def test_the_page_explains_each_front_door_and_how_to_reach_it(client: Client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        '<h1 class="govuk-heading-xl">Where to get help</h1>',
        "Adult Social Care Connect",
        "03000 41 61 61",
        "Monday to Friday, 8.30am to 5pm",
        "open 24 hours a day, 7 days a week",
        "03000 41 91 91",
        "Gravesend Civic Centre",
        "New Ash Green",
        "no wrong door",
        "0800 567 7699",
        "Anyone aged 17 or over",
        "Community navigators",
        "People aged over 55",
        "Social prescribers",
        "Ask at your GP surgery",
        "Community Wardens",
        "Community Connectors",
        "Kent Enablement Service drop-ins",
        "If someone is in immediate danger, call 999.",
    ]:
        assert text in html, text
    for slug in ["adult-social-care-connect-clinics", "community-wardens", "positive-wellbeing", "social-prescribing"]:
        assert f'href="/services/{slug}/"' in html, slug


def test_a_service_that_has_closed_is_not_linked(client: Client) -> None:
    Service.objects.filter(slug="community-wardens").update(status=Service.Status.INACTIVE)
    html = client.get(PAGE).content.decode()
    assert 'href="/services/community-wardens/"' not in html
    assert "Community Wardens work for the council" in html


@pytest.mark.parametrize("path", ["/", "/services/", "/services/?q=carers"])
def test_the_home_page_and_search_results_link_to_it(client: Client, path: str) -> None:
    assert f'href="{PAGE}"' in client.get(path).content.decode()
