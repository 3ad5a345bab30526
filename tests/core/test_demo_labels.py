"""Fact or example, visibly (issue 24.1): a crawl of the demo site's public pages finds no example phone number,
example.org address or invented check date without its label, and a notice on every page that the site holds
demonstration data. With the same records marked as real, the labels and the notice go."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from carers_portal.core.demo_data import demo_data_forget
from consultations.demo import demo_seed as consultations_demo_seed
from consultations.models import Consultation
from services.demo import demo_seed as directory_demo_seed
from services.models import Phone, Service

pytestmark = pytest.mark.django_db

# Ofcom's drama numbers: the demo's placeholders.
EXAMPLE_NUMBER = re.compile(r"(01632 ?96\d ?\d{3}|07700 ?900 ?\d{3})")
NUMBER_LABEL = "Example number, not in use"
DEMO_NOTICE = "This site holds demonstration data."
TAGS = re.compile(r"<[^>]+>")


@pytest.fixture
def demo_site(db: Any) -> None:
    directory_demo_seed()
    consultations_demo_seed()
    demo_data_forget()


def public_urls(client: Client) -> list[str]:
    urls = ["/", "/services/", "/services/?q=carers", "/services/where-to-get-help/", "/contact/", "/privacy/"]
    urls += ["/carers/", "/consultations/"]
    urls += [service.get_absolute_url() for service in Service.objects.filter(status="active")]
    urls += [f"{service.get_absolute_url()}print/" for service in Service.objects.filter(slug__contains="carers")]
    for consultation in Consultation.objects.all():
        urls.append(consultation.get_absolute_url())
        if consultation.results_published_at:
            urls.append(f"{consultation.get_absolute_url()}results/")
    return urls


def page_text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return str(response.content.decode())


def unlabelled_numbers(html: str) -> list[str]:
    """Example numbers not followed by their label within the same line of text."""
    found = []
    for match in EXAMPLE_NUMBER.finditer(html):
        rest = html[match.end() : match.end() + 200]
        if NUMBER_LABEL not in rest.split("</li>")[0].split("</p>")[0]:
            found.append(match.group(0))
    return found


def test_the_demo_site_labels_everything_made_up(client: Client, demo_site: None) -> None:
    urls = public_urls(client)
    assert len(urls) > 60
    problems: list[str] = []
    for url in urls:
        html = page_text(client, url)
        problems += [f"{url}: unlabelled {number}" for number in unlabelled_numbers(html)]
        if "example.org" in html:
            problems.append(f"{url}: an example.org address")
        if "We last checked this information on" in html:
            problems.append(f"{url}: a check date nobody made")
        if html.count(DEMO_NOTICE) != 1:
            problems.append(f"{url}: the demonstration notice {html.count(DEMO_NOTICE)} times")
        for address in ("consultations@kent.gov.uk", "carersportal@", "dataprotection@", "Freepost KCC"):
            if address in html:
                problems.append(f"{url}: {address}, which no report gives")
    assert not problems, "\n".join(problems)
    # The crawl met what it checks.
    carers = page_text(client, "/services/community-navigation-for-carers-east-kent/")
    assert f'01632 960107 <strong class="govuk-tag govuk-tag--grey kcc-example">{NUMBER_LABEL}</strong>' in carers
    assert "From Kent County Council&#x27;s reports to committee, March 2022, undated (before April 2023) and" in carers
    listing = TAGS.sub(" ", page_text(client, "/consultations/"))
    assert "Breaks and respite for unpaid carers" in listing
    assert "This is an example consultation made up for the demonstration." in listing


def test_the_api_leaves_example_numbers_out(client: Client, demo_site: None) -> None:
    real = Service.objects.get(slug="live-well-kent-west-kent")
    assert "0800 567 7699" in client.get(f"/api/v1/services/{real.uuid}").content.decode()  # from the reports
    for service in Service.objects.filter(phones__example=True).distinct():
        body = client.get(f"/api/v1/services/{service.uuid}").content.decode()
        assert not EXAMPLE_NUMBER.search(body), service.slug
        assert "example.org" not in body, service.slug


def test_without_placeholders_there_are_no_labels_or_notice(client: Client, demo_site: None) -> None:
    Phone.objects.update(example=False)
    Consultation.objects.update(is_example=False)
    demo_data_forget()
    for url in ["/", "/services/community-navigation-for-carers-east-kent/", "/consultations/"]:
        html = page_text(client, url)
        assert DEMO_NOTICE not in html, url
        assert NUMBER_LABEL not in html, url
        assert "example consultation" not in html, url
    page = page_text(client, "/services/community-navigation-for-carers-east-kent/")
    assert 'href="tel:01632960107"' in page  # a real number is a link to ring
