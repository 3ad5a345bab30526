"""Reminder emails through the outbox, proven with frozen time: each goes at most once per trigger."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail

from accounts import services
from accounts.models import Assessment, CarerProfile
from carers_portal.core.models import OutboundEmail
from carers_portal.core.services import outbox_flush
from tests.accounts.support import STEP_POSTS, assessment_fill

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def sent_keys() -> list[str]:
    return sorted(OutboundEmail.objects.values_list("dedupe_key", flat=True))


def start_draft(client: Any, carer_factory: Any, email: str = "carer@example.com") -> Assessment:
    client.force_login(carer_factory(email=email))
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get(user__email=email)
    client.post(f"/carers/assessment/{assessment.public_id}/caring/", STEP_POSTS["caring"])
    return assessment


@pytest.mark.django_db
def test_a_draft_gets_a_reminder_after_3_and_after_10_days_once_each(client: Any, carer_factory: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        assessment = start_draft(client, carer_factory)
        assert services.reminders_send_due() == 0

        clock.shift(timedelta(days=2, hours=23))
        assert services.reminders_send_due() == 0

        clock.shift(timedelta(hours=2))
        assert services.reminders_send_due() == 1
        assert services.reminders_send_due() == 0  # the hourly sweep again: no repeat
        clock.shift(timedelta(days=3))
        assert services.reminders_send_due() == 0

        clock.shift(timedelta(days=4))  # day 10
        assert services.reminders_send_due() == 1
        clock.shift(timedelta(days=30))
        assert services.reminders_send_due() == 0

    keys = sent_keys()
    assert len(keys) == 2
    assert keys[0].startswith(f"reminder:draft_10_days:{assessment.pk}:")
    assert keys[1].startswith(f"reminder:draft_3_days:{assessment.pk}:")
    emails = OutboundEmail.objects.filter(category="reminder:draft")
    assert emails.count() == 2
    assert all(e.to == "carer@example.com" for e in emails)


@pytest.mark.django_db
def test_no_draft_reminder_once_submitted(client: Any, carer_factory: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        assessment = start_draft(client, carer_factory)
        assessment_fill(client, assessment.public_id)
        clock.shift(timedelta(days=1))
        client.force_login(assessment.user)  # a new sitting the next day
        client.post(f"/carers/assessment/{assessment.public_id}/check/")
        assert not Assessment.objects.get().is_draft

        clock.shift(timedelta(days=12))
        assert services.reminders_send_due() == 0
    assert not OutboundEmail.objects.filter(category="reminder:draft").exists()


@pytest.mark.django_db
def test_yearly_review_after_11_months_and_emergency_plan_every_6_months(client: Any, carer_factory: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        assessment = start_draft(client, carer_factory)
        assessment_fill(client, assessment.public_id)
        client.post(f"/carers/assessment/{assessment.public_id}/check/")

        clock.move_to(datetime(2026, 7, 4, 9, 0, tzinfo=UTC))  # just under 6 months
        assert services.reminders_send_due() == 0
        clock.move_to(datetime(2026, 7, 5, 10, 0, tzinfo=UTC))
        assert services.reminders_send_due() == 1
        assert services.reminders_send_due() == 0
        assert OutboundEmail.objects.filter(category="reminder:emergency_plan").count() == 1

        clock.move_to(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # just under 11 months
        assert services.reminders_send_due() == 0
        clock.move_to(datetime(2026, 12, 5, 10, 0, tzinfo=UTC))
        assert services.reminders_send_due() == 1
        assert OutboundEmail.objects.filter(category="reminder:review").count() == 1

        clock.move_to(datetime(2027, 1, 5, 10, 0, tzinfo=UTC))  # 12 months: the second plan review
        assert services.reminders_send_due() == 1
        assert services.reminders_send_due() == 0
        assert OutboundEmail.objects.filter(category="reminder:emergency_plan").count() == 2
        assert OutboundEmail.objects.filter(category="reminder:review").count() == 1

        # A new submission restarts both clocks.
        client.force_login(assessment.user)
        client.post(f"/carers/assessment/{assessment.public_id}/what-matters/", {"what_matters": "Rest."})
        client.post(f"/carers/assessment/{assessment.public_id}/check/")
        assert assessment.versions.count() == 2
        clock.move_to(datetime(2027, 3, 5, 10, 0, tzinfo=UTC))
        assert services.reminders_send_due() == 0


@pytest.mark.django_db
def test_every_reminder_has_a_one_click_unsubscribe_that_works(client: Any, carer_factory: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        start_draft(client, carer_factory)
        clock.shift(timedelta(days=3, hours=1))
        services.reminders_send_due()
        assert outbox_flush() == 1

    message = mail.outbox[0]
    assert message.subject == "Finish your carer's self-assessment"
    assert "Hello Sam," in message.body
    link = re.search(r"Stop these reminders: (\S+)", message.body)
    assert link
    url = link.group(1)
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = url.removeprefix("http://127.0.0.1:8000")
    anonymous = type(client)()
    response = anonymous.get(path)  # opening the link (as a mail system's link checker does) changes nothing
    assert response.status_code == 200
    assert "We will stop emailing you reminders to finish your self-assessment" in response.content.decode()
    assert CarerProfile.objects.get().reminders_draft is True
    response = anonymous.post(path)  # the page's button, or a mail client's one-click unsubscribe
    assert response.status_code == 200
    assert "You will not get these reminders" in response.content.decode()
    profile = CarerProfile.objects.get()
    assert profile.reminders_draft is False
    assert profile.reminders_review is True

    # RFC 8058: the mail client POSTs without a CSRF token.
    anonymous.post(path)
    assert anonymous.get(path[:-5] + "xxxx/").status_code == 400
    assert anonymous.get("/carers/reminders/unsubscribe/forged/").status_code == 400


@pytest.mark.django_db
def test_turned_off_reminders_are_not_sent_and_settings_are_on_the_account_page(
    client: Any, carer_factory: Any
) -> None:
    with time_machine.travel(START, tick=False) as clock:
        start_draft(client, carer_factory)
        page = client.get("/account/").content.decode()
        assert 'id="reminders"' in page
        assert "Reminders to finish a self-assessment" in page

        client.post("/account/reminders/", {"reminders": ["review"]})
        profile = CarerProfile.objects.get()
        assert (profile.reminders_draft, profile.reminders_review, profile.reminders_emergency_plan) == (
            False,
            True,
            False,
        )
        clock.shift(timedelta(days=11))
        assert services.reminders_send_due() == 0


@pytest.mark.django_db
def test_reminders_only_go_to_their_own_carer(client: Any, carer_factory: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        start_draft(client, carer_factory, email="one@example.com")
        clock.shift(timedelta(days=2))
        start_draft(type(client)(), carer_factory, email="two@example.com")
        clock.shift(timedelta(days=2))
        assert services.reminders_send_due() == 1
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["one@example.com"]


def test_month_arithmetic() -> None:
    assert services.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert services.add_months(datetime(2026, 3, 31, tzinfo=UTC), -11) == datetime(2025, 4, 30, tzinfo=UTC)
    assert services.months_between(datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 7, 4, tzinfo=UTC)) == 5
    assert services.months_between(datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 7, 5, tzinfo=UTC)) == 6
    assert services.months_between(datetime(2026, 1, 5, tzinfo=UTC), datetime(2025, 7, 5, tzinfo=UTC)) == 0
