"""A provider refers a carer on to another service in Chromium ("tell my story once"): the referral's page, the
hand-off form (axe on each), then the carer sees the new request and who handles it in "Your referrals"."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser

from accounts.models import CarerProfile
from accounts.story import story_consent_give, story_save
from services.referrals.models import Referral
from tests.accounts.factories import CarerFactory
from tests.browser.support import Journey
from tests.referrals.factories import ReferralFactory, SelfReferralServiceFactory, StaffMembershipFactory


def signed_in(journey: Journey, client: Client) -> None:
    journey.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": journey.base_url,
            }
        ]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_provider_refers_a_carer_on_with_their_story(journey: Journey, browser: Browser, staff_login: Any) -> None:
    membership = StaffMembershipFactory(organisation__name="Involve Kent")
    floating = SelfReferralServiceFactory(name="Floating support", organisation__name="Porchlight", districts=[])
    carer = CarerFactory(email="sam@example.com")
    profile = CarerProfile.objects.get(user=carer)
    story_save(profile=profile, what_matters="Keeping my job at the school.", emergency_plan="Call my brother Tom.")
    story_consent_give(profile=profile)
    referral = ReferralFactory(
        service=SelfReferralServiceFactory(organisation=membership.organisation, districts=[]), user=carer
    )

    signed_in(journey, staff_login(Client(), membership.user))
    # The referral's page (not new here, and not axe-checked: its notes and contact attempts tables are Django's
    # inline forms), then the new hand-off form, checked.
    page = journey.page
    page.goto(f"{journey.base_url}/staff/referrals/referral/{referral.pk}/change/")
    page.get_by_role("link", name="Refer on to another service").click()
    page.wait_for_url("**/hand-off/")
    journey.check()
    page.get_by_label("Service to refer them to").select_option(label="Floating support (Porchlight)")
    page.get_by_label("What help they want from that service").fill("Help to keep their tenancy.")
    page.get_by_role("button", name="Refer on").click()
    journey.check()  # the agreement box was left unticked: the form says so
    assert "Confirm they agreed to be referred on" in page.content()
    page.get_by_label("They agreed to be referred to this service").check()
    page.get_by_role("button", name="Refer on").click()
    page.wait_for_url(f"**/referral/{referral.pk}/change/")  # back on the referral's page (see above)
    new = Referral.objects.get(handed_off_from=referral)
    assert f"Referred on to Floating support as {new.reference}, with the carer's story" in page.content()
    assert new.service == floating
    assert new.shared_story is not None

    # The carer, in their own browser: the new request, who handles it and who passed it on.
    carer_journey = Journey(browser.new_context(locale="en-GB").new_page(), journey.base_url)
    carer_client = Client()
    carer_client.force_login(carer)
    signed_in(carer_journey, carer_client)
    table = carer_journey.visit("/account/referrals/").locator("table").inner_text()
    assert new.reference in table
    assert "Porchlight" in table
    assert "Passed on by Involve Kent" in table
    carer_journey.page.context.close()
