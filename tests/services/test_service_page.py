from __future__ import annotations

import pytest
from django.test import Client

from services.models import Service
from tests.services.support import json_ld

pytestmark = pytest.mark.usefixtures("demo_directory")

DEMENTIA = "/services/dementia-support-adss-age-uk-herne-bay-whitstable/"


def test_service_page_shows_everything_in_plain_english(client: Client) -> None:
    response = client.get(DEMENTIA)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Dementia support: ADSS and Age UK Herne Bay and Whitstable",
        "Alzheimer&#x27;s and Dementia Support Services",
        "Who it is for",
        "People living with dementia",
        "How to get help",
        '01632 960118 <strong class="govuk-tag govuk-tag--grey kcc-example">Example number, not in use</strong>',
        "Where it runs",
        "Age UK Herne Bay and Whitstable, Whitstable",
        "CT5",
        "https://www.google.com/maps/dir/?api=1&amp;destination=51.352%2C1.038",
        "From Kent County Council&#x27;s report to committee, September 2025.",
        "Printable version of this page",
    ]:
        assert text in html, text
    assert 'href="tel:01632960118"' not in html  # an example number is not a link to ring
    assert "We last checked" not in html  # nobody checked the demo
    assert f'href="{DEMENTIA}refer/"' in html
    assert ">\n        Refer yourself" in html or "Refer yourself" in html


def test_json_ld_describes_the_service(client: Client) -> None:
    data = json_ld(client.get(DEMENTIA).content.decode())
    assert data["@type"] == "Service"
    assert data["name"] == "Dementia support: ADSS and Age UK Herne Bay and Whitstable"
    assert data["provider"] == {
        "@type": "Organization",
        "name": "Alzheimer's and Dementia Support Services",
    }
    channel = data["availableChannel"]
    assert isinstance(channel, dict)
    assert "servicePhone" not in channel  # its only number is an example
    assert channel["serviceLocation"][0]["address"]["postalCode"] == "CT5"


def test_json_ld_cannot_break_out_of_its_script(client: Client) -> None:
    service = Service.objects.get(slug="kent-carers-card")
    service.summary = "</script><script>alert(1)</script>"
    service.save()
    html = client.get(service.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_no_refer_button_without_self_referral(client: Client) -> None:
    html = client.get("/services/kent-karrier/").content.decode()
    assert 'refer/"' not in html
    assert "Kent Karrier dial-a-ride" in html


def test_temporarily_closed_service_is_marked(client: Client) -> None:
    Service.objects.filter(slug="canterbury-umbrella-centre").update(status=Service.Status.TEMPORARILY_CLOSED)
    html = client.get("/services/canterbury-umbrella-centre/").content.decode()
    assert "This service is temporarily closed." in html
    assert 'refer/"' not in html


def test_opening_times_24_hours(client: Client) -> None:
    html = client.get("/services/mental-health-support-line/").content.decode()
    assert "Every day" in html
    assert "24 hours" in html


def test_print_view(client: Client) -> None:
    response = client.get(f"{DEMENTIA}print/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Back to the service page" in html
    assert f'href="{DEMENTIA}refer/"' not in html
    assert "Printed from" in html
