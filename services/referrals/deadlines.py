"""Triage deadlines in working days (England and Wales bank holidays counted).

Live Well Kent's KPIs, used for every service: a referral is triaged (reaches an
outcome) within 2 working days of being submitted, and support starts within 6
working days of being accepted. Pure functions of dates; the selectors turn the
cut-off dates into queryset filters.
"""

from __future__ import annotations

from datetime import date, timedelta

from carers_portal.core.working_days import add_working_days, working_days_between
from services.referrals.triage import AWAITING_TRIAGE, Status

TRIAGE_WORKING_DAYS = 2
START_WORKING_DAYS = 6


def triage_due(submitted_on: date) -> date:
    """The last day on which a referral submitted on `submitted_on` can be triaged on time."""
    return add_working_days(submitted_on, TRIAGE_WORKING_DAYS)


def start_due(accepted_on: date) -> date:
    """The last day on which support for a referral accepted on `accepted_on` can start on time."""
    return add_working_days(accepted_on, START_WORKING_DAYS)


def is_triage_overdue(*, status: str, submitted_on: date, today: date) -> bool:
    return status in AWAITING_TRIAGE and today > triage_due(submitted_on)


def is_start_overdue(*, status: str, accepted_on: date | None, support_started_on: date | None, today: date) -> bool:
    return (
        status == Status.ACCEPTED
        and accepted_on is not None
        and support_started_on is None
        and today > start_due(accepted_on)
    )


def overdue_cutoff(*, working_days: int, today: date) -> date:
    """The latest start date that is overdue today: every date on or before it is past its deadline.

    `add_working_days` never decreases as its start date grows, so we walk back from
    yesterday to the first date whose deadline is before today.
    """
    day = today - timedelta(days=1)
    while add_working_days(day, working_days) >= today:
        day -= timedelta(days=1)
    return day


def working_days_waiting(*, submitted_on: date, until: date) -> int:
    """Working days from submission to `until` (the triage decision, or today while waiting)."""
    return working_days_between(submitted_on, until)
