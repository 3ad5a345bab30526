"""A new carer, as they would use the portal: sign up, verify the email, register, complete the
self-assessment over two sittings, and see the indicative result with services near them."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page

from carers_portal.core.services import outbox_flush
from services.models import Audience, Postcode
from services.referrals.models import Referral, StaffMembership
from services.referrals.selectors import referrals_visible_to
from tests.accounts.support import STEP_POSTS
from tests.browser.support import Journey
from tests.services.factories import OrganisationFactory, ServiceFactory

EMAIL = "new.carer@example.com"
PASSWORD = "a-long-secret-phrase-for-tests"


def fill(page: Page, data: dict[str, Any]) -> None:
    """Answer a form the way a person would: tick, choose and type."""
    for name, value in data.items():
        if isinstance(value, list):
            for item in value:
                page.locator(f"input[name='{name}'][value='{item}']").check()
            continue
        field = page.locator(f"[name='{name}']").first
        if field.get_attribute("type") == "radio":
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif value:
            field.fill(value)


def follow(journey: Journey, name: str | re.Pattern[str]) -> None:
    """Follow a link (some links look like buttons, with role="button") and check the new page."""
    page = journey.page
    page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).first.click()
    journey.check()


def answer_steps(journey: Journey, slugs: list[str]) -> None:
    for slug in slugs:
        assert f"/{slug}/" in journey.page.url, journey.page.url
        fill(journey.page, STEP_POSTS[slug])
        journey.submit("Save and continue")


def sign_in(journey: Journey) -> None:
    page = journey.visit("/account/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    journey.submit("Sign in")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_new_carer_registers_and_completes_the_self_assessment_over_two_sittings(
    journey: Journey, user_factory: Any
) -> None:
    Postcode.objects.create(postcode="ME14 1XX", latitude=51.27, longitude=0.52, district="maidstone")
    ServiceFactory(name="Maidstone dementia carers group", districts=["maidstone"], conditions=["dementia"])
    ServiceFactory(name="West Kent carers breaks", districts=["maidstone"], audiences=[Audience.CARERS])
    ServiceFactory(name="Thanet dementia cafe", districts=["thanet"], conditions=["dementia"])
    west = ServiceFactory(
        organisation=OrganisationFactory(name="Involve"),
        name="Community Navigation for Carers",
        districts=["maidstone"],
        provides_carers_assessments=True,
    )
    east = ServiceFactory(
        organisation=OrganisationFactory(name="Carers Support East Kent"),
        name="Community Navigation for Carers",
        districts=["thanet"],
        provides_carers_assessments=True,
    )

    # Sign up.
    page = journey.visit("/carers/")
    assert "03000 41 61 61" in page.content()
    follow(journey, "Create an account")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    journey.submit("Create an account")

    # Verify the email address from the mail the outbox sends.
    assert outbox_flush() == 1
    link = re.search(r"http://\S+(/account/confirm-email/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    journey.visit(link.group(1))
    journey.submit("Confirm")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account"

    # Register as a carer, with one person cared for.
    follow(journey, "register as a carer")
    journey.submit("Save and continue")  # nothing filled in: GOV.UK errors
    assert page.locator(".govuk-error-summary").is_visible()
    fill(
        page,
        {
            "preferred_name": "Sam",
            "contact_methods": ["email"],
            "postcode": "me14 1xx",
            "age_band": "50-64",
            "work_status": "part-time",
            "armed_forces": "veteran",
            "gp_knows": "no",
            "emergency_card": "not-sure",
        },
    )
    journey.submit("Save and continue")
    follow(journey, "Add a person you care for")
    fill(
        page,
        {
            "name": "Mum",
            "relationship": "parent",
            "age_band": "75-84",
            "conditions": ["dementia", "frailty"],
            "lives_together": "yes",
            "hours_band": "50+",
            "care_time": "both",
        },
    )
    journey.submit("Save person")
    assert "50 or more hours a week" in page.content()
    follow(journey, "Continue to your self-assessment")

    # First sitting: the crisis route first, then the first few topics.
    assert page.content().index("999") < page.content().index("Start now")
    journey.submit("Start now")
    journey.submit("Save and continue")  # an unanswered step: GOV.UK errors, nothing saved
    assert page.locator(".govuk-error-summary").is_visible()
    answer_steps(journey, ["caring", "health", "outcome-child-care", "outcome-other-caring"])
    follow(journey, "Back")
    assert "/outcome-other-caring/" in page.url
    assert page.locator("input[value='not_relevant']").is_checked()
    journey.submit("Sign out")

    # Second sitting, after signing in again: carry on where they left off.
    sign_in(journey)
    page = journey.visit("/carers/assessment/")
    journey.submit("Continue where you left off")
    answer_steps(journey, [s for s in STEP_POSTS if s not in {"caring", "health", "outcome-child-care"}][1:])

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    follow(journey, re.compile("Change.*how much does caring affect your wellbeing"))
    fill(page, {"impact": "likely_significant"})
    journey.submit("Save and continue")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"
    journey.submit("Submit your self-assessment")

    # The indicative result, the reasons and services near them.
    assert page.get_by_role("heading", level=1).inner_text() == "Your self-assessment result"
    content = page.content()
    assert "You are likely to have eligible needs for support" in content
    assert "This is a guide, not a decision" in content
    assert "working, training, studying or volunteering" in content
    assert "likely to have a significant effect on your wellbeing soon" in content
    assert "Maidstone dementia carers group" in content
    assert "West Kent carers breaks" in content
    assert "Thanet dementia cafe" not in content

    # Printable: the print stylesheet hides the buttons and navigation.
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Update your answers").is_visible()
    assert page.get_by_role("heading", level=1).is_visible()
    page.emulate_media(media="screen")

    # Ask for a carer's assessment: a referral to the provider for their district, answers attached.
    follow(journey, "Ask for a carer's assessment")
    fill(page, {"best_time": "afternoon"})
    page.get_by_label("I agree to share my details and my self-assessment with this organisation").check()
    journey.submit("Send my request")
    assert page.get_by_role("heading", level=1).inner_text() == "Request sent"
    referral = Referral.objects.get()
    assert referral.reference in page.content()
    assert referral.service == west
    assert referral.attachment is not None
    assert referral.attachment["answers"]["What matters to you"]["What matters most to you?"] == "Keeping my job."
    west_staff = user_factory(email="triage@involve.example.org", is_staff=True, staff_role="provider")
    east_staff = user_factory(email="triage@east.example.org", is_staff=True, staff_role="provider")
    StaffMembership.objects.create(user=west_staff, organisation=west.organisation)
    StaffMembership.objects.create(user=east_staff, organisation=east.organisation)
    assert list(referrals_visible_to(user=west_staff)) == [referral]
    assert not referrals_visible_to(user=east_staff).exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_anyone_can_turn_on_two_step_verification_from_their_account(journey: Journey, user_factory: Any) -> None:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    user_factory(email=EMAIL, password=PASSWORD)
    sign_in(journey)
    page = journey.page
    follow(journey, "Two-step verification")
    follow(journey, "Turn on")
    if "/reauthenticate/" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        journey.submit("Confirm")
    secret = page.locator("#authenticator_secret").input_value()
    if time.time() % 30 > 27:  # don't send a code in the last moments of its 30-second window
        time.sleep(30 - time.time() % 30 + 0.5)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Code from your authenticator app").fill(code)
    journey.submit("Turn on")
    assert "recovery" in page.url or "2fa" in page.url
    journey.visit("/account/2fa/")
    assert "Two-step verification with an authenticator app is turned on." in page.content()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_account_pages_reminders_your_data_and_deleting_the_account(journey: Journey, user_factory: Any) -> None:
    import uuid

    from accounts import services
    from accounts.models import Assessment, User
    from tests.accounts.support import PERSON, PROFILE

    user: User = user_factory(email=EMAIL, password=PASSWORD)
    profile = services.carer_profile_save(user=user, details=PROFILE)
    services.cared_for_person_add(profile=profile, details=PERSON, submission_token=uuid.uuid4())
    assessment = services.assessment_get_or_create(user=user)
    Assessment.objects.filter(pk=assessment.pk).update(answers=STEP_POSTS)
    assessment.refresh_from_db()
    assessment.draft_started_at = assessment.created_at
    assessment.save()
    services.assessment_submit(assessment=assessment)
    sign_in(journey)
    page = journey.page

    # Reminder settings on the account page.
    page.get_by_label("A reminder to check your emergency plan every 6 months").uncheck()
    journey.submit("Save reminder settings")
    assert "Your reminder settings have been saved." in page.content()
    # The unsubscribe link from a reminder email: a page that asks, then a button.
    journey.visit(f"/carers/reminders/unsubscribe/{services.unsubscribe_token(user=user, kind='review')}/")
    journey.submit("Stop these reminders")
    assert page.get_by_role("heading", level=1).inner_text() == "You will not get these reminders"
    journey.visit("/carers/reminders/unsubscribe/not-a-token/", status=400)
    journey.visit("/carers/assessment/versions/")
    follow(journey, "Version 1")
    follow(journey, "Update your answers")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers"

    # Your data, then delete the account.
    journey.visit("/account/")
    follow(journey, "Download your data or delete your account")
    follow(journey, "Delete your account")
    journey.submit("Delete my account")  # not confirmed: GOV.UK error
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("I understand that this deletes my account and cannot be undone").check()
    journey.submit("Delete my account")
    assert page.get_by_role("heading", level=1).inner_text() == "Your account has been deleted"
    assert not User.objects.filter(email=EMAIL).exists()
