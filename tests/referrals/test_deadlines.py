"""Overdue rules in working days, with England and Wales bank holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from carers_portal.core.working_days import add_working_days
from services.referrals.deadlines import (
    is_start_overdue,
    is_triage_overdue,
    overdue_cutoff,
    start_due,
    triage_due,
    working_days_waiting,
)
from services.referrals.triage import Status


def test_a_monday_referral_is_due_by_wednesday_and_overdue_on_thursday() -> None:
    monday = date(2026, 11, 23)
    assert triage_due(monday) == date(2026, 11, 25)
    assert not is_triage_overdue(status=Status.NEW, submitted_on=monday, today=date(2026, 11, 25))
    assert is_triage_overdue(status=Status.NEW, submitted_on=monday, today=date(2026, 11, 26))
    assert is_triage_overdue(status=Status.IN_TRIAGE, submitted_on=monday, today=date(2026, 11, 26))


def test_christmas_bank_holidays_do_not_count() -> None:
    # Christmas Eve 2026 is a Thursday; 25 and 28 December are bank holidays.
    assert triage_due(date(2026, 12, 24)) == date(2026, 12, 30)
    assert not is_triage_overdue(status=Status.NEW, submitted_on=date(2026, 12, 24), today=date(2026, 12, 30))
    assert is_triage_overdue(status=Status.NEW, submitted_on=date(2026, 12, 24), today=date(2026, 12, 31))


def test_a_triaged_referral_is_never_triage_overdue() -> None:
    for status in (Status.ACCEPTED, Status.DECLINED, Status.SIGNPOSTED, Status.COULD_NOT_CONTACT, Status.CLOSED):
        assert not is_triage_overdue(status=status, submitted_on=date(2026, 1, 5), today=date(2026, 6, 1))


def test_support_must_start_within_six_working_days_of_acceptance() -> None:
    accepted = date(2026, 11, 23)  # Monday
    assert start_due(accepted) == date(2026, 12, 1)  # the Tuesday after next
    assert not is_start_overdue(
        status=Status.ACCEPTED, accepted_on=accepted, support_started_on=None, today=date(2026, 12, 1)
    )
    assert is_start_overdue(
        status=Status.ACCEPTED, accepted_on=accepted, support_started_on=None, today=date(2026, 12, 2)
    )
    assert not is_start_overdue(
        status=Status.ACCEPTED, accepted_on=accepted, support_started_on=date(2026, 11, 30), today=date(2026, 12, 2)
    )
    assert not is_start_overdue(
        status=Status.CLOSED, accepted_on=accepted, support_started_on=None, today=date(2026, 12, 9)
    )


@pytest.mark.parametrize("today", [date(2026, 11, 23) + timedelta(days=n) for n in range(0, 60)])
@pytest.mark.parametrize("days", [2, 6])
def test_the_cutoff_splits_overdue_dates_from_the_rest(today: date, days: int) -> None:
    cutoff = overdue_cutoff(working_days=days, today=today)
    assert add_working_days(cutoff, days) < today
    assert add_working_days(cutoff + timedelta(days=1), days) >= today


def test_working_days_waiting_skips_weekends() -> None:
    assert working_days_waiting(submitted_on=date(2026, 11, 20), until=date(2026, 11, 24)) == 2
