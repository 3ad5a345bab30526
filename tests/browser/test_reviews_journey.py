"""Issue 23's review done-when, in Chromium: a carer's review falls due (frozen time), it appears in the provider's
queue, both reminders go through the outbox, and recording the outcome removes it.

Time is frozen with time-machine, which patches the clock of the whole test process, the live server's threads
included, so the server's "today" is the travelled-to day. The days are counted from the real today and only go
forward, so the session cookies the server sets stay in the future for the browser's own clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from carers_portal.core.tasks import outbox_flush
from services.referrals.models import SupportReview
from services.referrals.services.handling import referral_transition
from services.referrals.tasks import reviews_sweep
from services.referrals.triage import Status
from tests.browser.support import Journey
from tests.referrals.factories import ReferralFactory, SelfReferralServiceFactory, StaffMembershipFactory

QUEUE = "/staff/referrals/supportreview/"


@contextmanager
def on_day(day: Any) -> Iterator[None]:
    """Frozen at 10am (UK time) on `day`, for this process: the test and the live server."""
    moment = timezone.make_aware(datetime.combine(day, time(10)))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_due_review_is_queued_reminded_and_recorded(journey: Journey, staff_login: Any) -> None:
    membership = StaffMembershipFactory(
        organisation__name="Imago Community", organisation__referrals_email="referrals@imago.example.org"
    )
    staff = membership.user
    service = SelfReferralServiceFactory(organisation=membership.organisation, districts=[])
    referral = ReferralFactory(service=service, email="carer@example.com")
    referral_transition(referral=referral, to_status=Status.IN_TRIAGE, actor=staff)
    referral_transition(referral=referral, to_status=Status.ACCEPTED, actor=staff)

    reviews_sweep()  # the daily job: a review a year on, not due yet, so no reminders
    review = SupportReview.objects.get(referral=referral)
    assert review.due_on > timezone.localdate() + timedelta(days=300)
    assert not OutboundEmail.objects.filter(category__startswith="review_").exists()

    with on_day(review.due_on - timedelta(days=10)):
        # The daily job that day: both reminders go into the outbox (once, however often it runs), then out.
        reviews_sweep()
        reviews_sweep()
        reminders = OutboundEmail.objects.filter(category__startswith="review_")
        assert sorted(reminders.values_list("to", "category")) == [
            ("carer@example.com", "review_reminder_carer"),
            ("referrals@imago.example.org", "review_reminder_provider"),
        ]
        mail.outbox.clear()
        outbox_flush()
        assert set(reminders.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
        assert {"carer@example.com", "referrals@imago.example.org"} <= {m.to[0] for m in mail.outbox}

        # The provider's member of staff, signed in with password and authenticator that day, in the browser.
        client = staff_login(Client(), staff)
        journey.page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": journey.base_url,
                }
            ]
        )
        page = journey.visit(QUEUE)
        row = page.locator("#result_list tbody tr")
        assert row.count() == 1
        assert referral.reference in row.inner_text()
        assert "Due soon" in row.inner_text()

        # The review's own page is Django's change form, whose scripts set inline styles this site's
        # Content-Security-Policy blocks (logged in the console): not checked here, the queues either side are.
        row.get_by_role("link", name=referral.reference).click()
        page.wait_for_url(f"**{QUEUE}{review.pk}/change/")
        page.locator("#id_outcome").select_option(label="Support carries on as it is")
        page.locator("#id_outcome_notes").fill("Spoke on the phone; the sitting service carries on.")
        page.get_by_role("button", name="Save", exact=True).click()
        journey.check()  # back on the queue, now without it
        assert referral.reference not in page.locator("#content").inner_text()
        review.refresh_from_db()
        assert review.outcome == SupportReview.Outcome.NO_CHANGE
        assert review.completed_by == staff
        assert referral.reference not in journey.visit(QUEUE).locator("#content").inner_text()
