"""A resident asks a service for help in Chromium, with axe-core on every page, through to the reference."""

from __future__ import annotations

import re

import pytest

from services.models import Organisation, Service
from services.referrals.models import Referral
from tests.browser.support import Journey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_refers_themselves_from_the_service_page_to_confirmation(journey: Journey) -> None:
    porchlight = Organisation.objects.create(
        name="Porchlight", slug="porchlight", referrals_email="referrals@porchlight.example.org"
    )
    service = Service.objects.create(
        organisation=porchlight,
        name="Live Well Kent: Thanet and South Kent Coast",
        slug="live-well-kent-thanet",
        districts=["thanet", "dover", "folkestone-and-hythe"],
        accepts_self_referral=True,
    )

    page = journey.visit(service.get_absolute_url())
    page.get_by_role("button", name="Refer yourself").click()
    journey.check()
    assert page.url.endswith(f"/services/{service.slug}/refer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Is anyone at immediate risk of harm?"
    page.get_by_role("radio", name="Yes", exact=True).check()
    journey.submit()
    assert "Get help now" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Continue with your request").click()
    journey.check()

    page.get_by_role("radio", name="Me", exact=True).check()
    journey.submit()

    journey.submit()  # nothing filled in: the error summary and messages
    assert page.locator(".govuk-error-summary").is_visible()
    assert "Enter your full name" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Full name", exact=True).fill("Alex Resident")
    page.get_by_label("35 to 44").check()
    page.get_by_label("Postcode", exact=True).fill("ct9 1xz")
    journey.submit()

    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Morning (9am to 12pm)").check()
    journey.submit()

    page.get_by_label("What help would you like?").fill("Help with money worries and meeting people.")
    journey.submit()

    page.get_by_label("Large print").check()
    journey.submit()

    assert page.get_by_role("main").get_by_role("link", name="privacy notice").is_visible()
    page.get_by_label("I agree to share these details").check()
    journey.submit()

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before sending your request"
    assert "CT9 1XZ" in page.locator(".govuk-summary-list").inner_text()
    journey.submit("Send request")

    referral = Referral.objects.get()
    assert page.locator(".govuk-panel__title").inner_text() == "Request sent"
    assert re.search(r"KCP-R-\d{4}-\d{6}", page.locator(".govuk-panel__body").inner_text())
    assert referral.reference in page.locator(".govuk-panel__body").inner_text()
    assert referral.risk_reported is True

    page.get_by_role("link", name="See the progress of your request").click()
    journey.check()
    assert referral.reference in page.get_by_role("heading", level=1).inner_text()
    assert len(journey.checked) >= 12
