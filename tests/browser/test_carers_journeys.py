"""Carers' journeys in Chromium, axe-core on every page: asking for a carer's assessment without an account,
and a carer's story travelling with their referrals until they withdraw consent."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from accounts.models import User
from services.models import Organisation, Postcode, Service
from services.referrals.models import Referral, StaffMembership
from tests.browser.support import Journey


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

    # The other ways in are checked with axe too: the easy read version and "Ask someone to call me".
    page = journey.visit("/carers/ask-for-an-assessment/easy-read/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ask for help as a carer"
    journey.visit("/carers/call-me/")
    journey.submit("Ask for a call back")  # nothing filled in: the error summary, checked with axe
    assert "Enter your name" in page.locator(".govuk-error-summary").inner_text()

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


def refer_yourself(journey: Journey, service: Service) -> None:
    """The referral journey as a signed-in carer would fill it in (their name and email are filled in)."""
    page = journey.visit(f"/services/{service.slug}/refer/")
    page.get_by_role("radio", name="No", exact=True).check()
    journey.submit()
    page.get_by_role("radio", name="Me", exact=True).check()
    journey.submit()
    page.get_by_label("Full name", exact=True).fill("Sam Carer")
    page.get_by_label("55 to 64").check()
    page.get_by_label("Postcode", exact=True).fill("ME14 1XX")
    journey.submit()
    page.get_by_label("Morning (9am to 12pm)").check()
    journey.submit()
    page.get_by_label("What help would you like?").fill("A sitting service so I can keep working.")
    journey.submit()
    journey.submit()
    page.get_by_label("I agree to share these details").check()
    journey.submit()
    journey.submit("Send request")
    assert page.locator(".govuk-panel__title").inner_text() == "Request sent"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_carers_story_reaches_the_providers_triage_until_consent_is_withdrawn(
    journey: Journey, browser: Browser, user_factory: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    from accounts.services import cared_for_person_add, carer_profile_save
    from tests.accounts.support import PERSON, PROFILE

    Postcode.objects.create(
        postcode="ME14", kind=Postcode.Kind.OUTWARD, latitude=51.28, longitude=0.53, district="maidstone"
    )
    involve = Organisation.objects.create(name="Involve Kent", slug="involve-kent")
    sitting = Service.objects.create(
        organisation=involve,
        name="Sitting service",
        slug="sitting",
        districts=["maidstone"],
        accepts_self_referral=True,
    )
    carer = user_factory(email="sam@example.com", password="a-long-test-password")
    profile = carer_profile_save(user=carer, details=PROFILE)
    cared_for_person_add(profile=profile, details=PERSON, submission_token=uuid.uuid4())

    page = journey.visit("/account/login/")
    page.get_by_label("Email").fill("sam@example.com")
    page.get_by_label("Password").fill("a-long-test-password")
    journey.submit("Sign in")

    page = journey.visit("/carers/your-story/")
    page.get_by_label("What matters to you?").fill("Keeping my job at the school.")
    page.get_by_label("Your emergency plan, in short").fill("Call my brother Tom; the plan is on the fridge.")
    page.get_by_label("I agree that my story").check()
    journey.submit("Save your story")
    assert "You agreed to share your story" in page.content()

    refer_yourself(journey, sitting)
    first = Referral.objects.get()
    assert first.shared_story is not None
    # Their requests, who is handling each and how to reach them (axe-checked like every page).
    page = journey.visit("/account/referrals/")
    assert "Involve Kent" in page.locator("table").inner_text()

    # The provider's triage, signed in with password and authenticator, then handed to a browser.
    staff = staff_user_factory(email="triage@involve.example.org")
    StaffMembership.objects.create(user=staff, organisation=involve)
    client = staff_login(Client(), staff)
    staff_context = browser.new_context(locale="en-GB")
    staff_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": journey.base_url,
            }
        ]
    )
    staff_page = staff_context.new_page()
    staff_page.goto(f"{journey.base_url}/staff/referrals/referral/{first.pk}/change/")
    story = staff_page.get_by_role("group", name=re.compile("^The carer's story")).inner_text()
    assert "Keeping my job at the school." in story
    assert "Call my brother Tom" in story
    assert "50 or more hours a week" in story

    # Withdrawn: the next referral carries nothing.
    page = journey.visit("/carers/your-story/")
    page.get_by_label("I agree that my story").uncheck()
    journey.submit("Save your story")
    assert "Your story is not being shared" in page.content()
    refer_yourself(journey, sitting)
    second = Referral.objects.latest("pk")
    assert second.pk != first.pk
    assert second.shared_story is None
    staff_page.goto(f"{journey.base_url}/staff/referrals/referral/{second.pk}/change/")
    assert "Keeping my job at the school." not in staff_page.content()
    staff_context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_easy_read_consultation_questions_pass_axe(journey: Journey) -> None:
    from tests.consultations.support import build_consultation, easy_read_words

    consultation = build_consultation()
    easy_read_words(consultation)
    page = journey.visit(consultation.get_absolute_url())
    page.get_by_role("link", name="Answer the easy read version of the questions").click()
    journey.check()
    page = journey.visit(f"/consultations/{consultation.slug}/respond/page-2/")
    assert page.get_by_text("Do you go to a day centre?").is_visible()
    assert page.get_by_text("This is the easy read version").is_visible()
