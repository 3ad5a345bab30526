"""Carers' journeys in Chromium, axe-core on every page: asking for a carer's assessment without an account."""

from __future__ import annotations

import pytest

from accounts.models import User
from services.models import Organisation, Postcode, Service
from services.referrals.models import Referral
from tests.browser.conftest import Journey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_swanley_carer_without_an_account_asks_for_a_carers_assessment(journey: Journey) -> None:
    Postcode.objects.create(
        postcode="BR8", kind=Postcode.Kind.OUTWARD, latitude=51.39, longitude=0.17, district="sevenoaks"
    )
    involve = Organisation.objects.create(name="Involve Kent", slug="involve-kent")
    imago = Organisation.objects.create(name="Imago Community", slug="imago-community")
    Service.objects.create(
        organisation=involve,
        name="Community Navigation for Carers (West Kent)",
        slug="carers-west-kent",
        districts=["maidstone", "sevenoaks", "tonbridge-and-malling", "tunbridge-wells"],
        provides_carers_assessments=True,
    )
    dgs = Service.objects.create(
        organisation=imago,
        name="Community Navigation for Carers (Dartford, Gravesham, Swanley and Swale)",
        slug="carers-dgs",
        districts=["dartford", "gravesham", "sevenoaks", "swale"],
        localities=["swanley"],
        provides_carers_assessments=True,
    )
    users_before = User.objects.count()

    page = journey.visit("/carers/")
    assert "You need an account first" not in page.content()
    page.get_by_role("button", name="Ask for a carer's assessment").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Ask for a carer's assessment"

    journey.submit("Send my request")  # nothing filled in: the GOV.UK error summary
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter your full name" in summary
    assert "Agree to share your details, or phone us instead" in summary

    page.get_by_label("No", exact=True).first.check()
    page.get_by_label("Your full name").fill("Pat Carer")
    page.get_by_label("Your postcode").fill("br8 7aa")
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Afternoon (12pm to 5pm)").check()
    page.get_by_label("Ask someone to call me at the best time").check()
    page.get_by_label("Parent").check()
    page.get_by_label("50 or more hours a week").check()
    page.get_by_label("Yes, but only with more support").check()
    page.get_by_label("What would help you most? (optional)").fill("A sitting service one afternoon a week.")
    page.get_by_label("I agree to share these details").check()
    journey.submit("Send my request")

    assert page.locator(".govuk-panel__title").inner_text() == "Request sent"
    referral = Referral.objects.get()
    assert referral.reference in page.locator(".govuk-panel__body").inner_text()
    assert referral.service == dgs
    assert referral.organisation == imago
    assert referral.submitted_by is None
    assert "call_back" in referral.flags
    assert User.objects.count() == users_before  # no account was created

    page.get_by_role("link", name="See the progress of your request").click()
    journey.check()
    assert referral.reference in page.get_by_role("heading", level=1).inner_text()
