"""Carers' reviews (issue 23.5): due at least yearly and sooner on a change, in the provider's own queue,
reminders to the carer and the provider through the outbox, and recording the outcome takes it off."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from carers_portal.core.models import OutboundEmail
from services.referrals.models import Referral, SupportReview
from services.referrals.reviews import reviews_sweep
from services.referrals.services.handling import referral_transition
from services.referrals.triage import Status

LONDON = ZoneInfo("Europe/London")
QUEUE = "/staff/referrals/supportreview/"


def at(*args: int) -> Any:
    return time_machine.travel(datetime(*args, 10, 0, tzinfo=LONDON), tick=False)


@pytest.fixture
def accepted(referral_factory: Any, organisation_factory: Any, service_factory: Any, provider_staff: Any) -> Any:
    """A carer's request accepted by their provider on 10 January 2026."""
    organisation = organisation_factory(name="Imago Community", referrals_email="referrals@imago.example.org")
    service = service_factory(organisation=organisation, districts=["dartford"])
    staff = provider_staff(organisation)
    with at(2026, 1, 10):
        referral = referral_factory(service=service, email="carer@example.com")
        referral_transition(referral=referral, to_status=Status.IN_TRIAGE, actor=staff)
        referral_transition(referral=referral, to_status=Status.ACCEPTED, actor=staff)
    return referral, staff


def queue(client: Client) -> list[str]:
    """The references in a member of staff's reviews queue (its default view: due or overdue)."""
    response = client.get(QUEUE)
    assert response.status_code == 200
    return [review.referral.reference for review in response.context["cl"].result_list]


def reminders() -> list[tuple[str, str]]:
    return sorted(OutboundEmail.objects.filter(category__startswith="review_").values_list("to", "category"))


@pytest.mark.django_db
def test_a_due_review_is_queued_reminded_once_and_recorded(
    accepted: Any, organisation_factory: Any, provider_staff: Any, staff_login: Any
) -> None:
    referral, staff = accepted
    other_staff = provider_staff(organisation_factory(name="Another provider"))

    def clients() -> tuple[Client, Client]:  # signed in at the frozen time (staff sessions expire)
        return staff_login(Client(), staff), staff_login(Client(), other_staff)

    with at(2026, 6, 1):
        provider, other = clients()  # scheduled a year after acceptance, not due yet: no reminders, not in the queue
        reviews_sweep()
        review = SupportReview.objects.get()
        assert review.due_on.isoformat() == "2027-01-10"
        assert reminders() == []
        assert queue(provider) == []

    with at(2026, 12, 20):  # four weeks before: in this provider's queue only, both reminders queued once
        provider, other = clients()
        reviews_sweep()
        reviews_sweep()
        assert reminders() == [
            ("carer@example.com", "review_reminder_carer"),
            ("referrals@imago.example.org", "review_reminder_provider"),
        ]
        carer_email = OutboundEmail.objects.get(category="review_reminder_carer")
        assert referral.get_status_url() in carer_email.body_text
        assert "Alex" not in OutboundEmail.objects.get(category="review_reminder_provider").body_text
        assert queue(provider) == [referral.reference]
        assert "Due soon" in provider.get(QUEUE).content.decode()
        assert queue(other) == []
        assert other.get(f"{QUEUE}{review.pk}/change/").status_code in (302, 403, 404)

    with at(2027, 1, 20):  # overdue, then the outcome is recorded: off the queue, and the next one a year on
        provider, other = clients()
        assert "Overdue by 10 days" in provider.get(QUEUE).content.decode()
        refused = provider.post(f"{QUEUE}{review.pk}/change/", {"outcome": "", "outcome_notes": ""})
        assert "Select the outcome of the review" in refused.content.decode()
        response = provider.post(
            f"{QUEUE}{review.pk}/change/", {"outcome": "no_change", "outcome_notes": "Spoke on the phone."}
        )
        assert response.status_code == 302
        review.refresh_from_db()
        assert review.outcome == "no_change"
        assert review.completed_by == staff
        assert queue(provider) == []
        reviews_sweep()
        assert SupportReview.objects.get(completed_at__isnull=True).due_on.isoformat() == "2028-01-20"
        assert queue(provider) == []


@pytest.mark.django_db
def test_a_change_of_situation_brings_the_review_forward(accepted: Any, client: Client, user_factory: Any) -> None:
    referral, _ = accepted
    carer = user_factory(email="carer@example.com")
    Referral.objects.filter(pk=referral.pk).update(submitted_by=carer)
    client.force_login(carer)
    with at(2026, 3, 2):
        reviews_sweep()
        assert "My situation has changed" in client.get("/account/referrals/").content.decode()
        url = f"/account/referrals/{referral.uuid}/situation-changed/"
        assert "Enter what has changed" in client.post(url, {"note": ""}).content.decode()
        assert client.post(url, {"note": "Mum came home from hospital."}).status_code == 302
        review = SupportReview.objects.get()
        assert review.due_on.isoformat() == "2026-03-02"
        assert review.reason == "change"
        reviews_sweep()
        assert ("carer@example.com", "review_reminder_carer") in reminders()


@pytest.mark.django_db
def test_support_ended_at_review_can_be_reopened_when_the_situation_changes(
    accepted: Any, client: Client, user_factory: Any
) -> None:
    from services.referrals.reviews import review_record_outcome

    referral, staff = accepted
    carer = user_factory(email="carer@example.com")
    Referral.objects.filter(pk=referral.pk).update(submitted_by=carer)
    with at(2026, 12, 20):
        reviews_sweep()
        review_record_outcome(review=SupportReview.objects.get(), outcome="ended", notes="", actor=staff)
        referral.refresh_from_db()
        assert referral.status == Status.CLOSED
        client.force_login(carer)
        url = f"/account/referrals/{referral.uuid}/situation-changed/"
        for _ in range(2):  # one new request, however often it is sent that day
            assert client.post(url, {"note": "Dad has a new diagnosis."}).status_code == 302
    reopened = Referral.objects.exclude(pk=referral.pk).get()
    assert reopened.service == referral.service
    assert reopened.submitted_by == carer
    assert referral.reference in reopened.help_wanted
    assert reopened.status == Status.NEW


@pytest.mark.django_db
def test_someone_else_cannot_report_a_change_on_a_request(accepted: Any, client: Client, user_factory: Any) -> None:
    referral, _ = accepted
    client.force_login(user_factory(email="intruder@example.com"))
    url = f"/account/referrals/{referral.uuid}/situation-changed/"
    assert client.post(url, {"note": "x"}).status_code == 404
    assert not SupportReview.objects.filter(reason="change").exists()


def test_the_review_sweep_is_on_the_beat_schedule(settings: Any) -> None:
    assert settings.CELERY_BEAT_SCHEDULE["carers-reviews"]["task"] == "services.referrals.tasks.reviews_sweep"
