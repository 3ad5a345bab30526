"""Queue reads: overdue filters at the database, working days waiting, phone search."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from services.referrals.models import Referral
from services.referrals.selectors import (
    OverdueKind,
    referral_overdue_labels,
    referral_working_days_waiting,
    referrals_filter_overdue,
    referrals_search_phone,
)
from services.referrals.services.handling import referral_support_started_set, referral_transition


def _at(*args: int) -> datetime:
    return timezone.make_aware(datetime(*args))  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_overdue_filters_match_the_rules(referral_factory: Any, service_factory: Any) -> None:
    service = service_factory()
    with time_machine.travel(_at(2026, 11, 16, 9), tick=False):  # Monday
        waiting = referral_factory(service=service)
        accepted = referral_factory(service=service)
        started = referral_factory(service=service)
        for referral in (accepted, started):
            referral_transition(referral=referral, to_status="in_triage", actor=None)
            referral_transition(referral=referral, to_status="accepted", actor=None)
        referral_support_started_set(referral=started, started_on=_at(2026, 11, 18, 9).date(), actor=None)
    with time_machine.travel(_at(2026, 11, 18, 15), tick=False):  # Wednesday: 2 working days, not yet late
        fresh = referral_factory(service=service)
        assert not referrals_filter_overdue(referrals=Referral.objects.all(), kind=OverdueKind.ANY).exists()
    with time_machine.travel(_at(2026, 11, 19, 9), tick=False):  # Thursday: triage is late
        assert set(referrals_filter_overdue(referrals=Referral.objects.all(), kind=OverdueKind.TRIAGE)) == {waiting}
        assert referral_overdue_labels(referral=waiting) == ["Not triaged within 2 working days"]
        assert referral_working_days_waiting(referral=waiting) == 3
        assert referral_working_days_waiting(referral=accepted) == 0  # triaged the day it arrived
        assert referral_working_days_waiting(referral=fresh) == 1
    with time_machine.travel(_at(2026, 11, 25, 9), tick=False):  # 7 working days after acceptance
        assert set(referrals_filter_overdue(referrals=Referral.objects.all(), kind=OverdueKind.START)) == {accepted}
        assert set(referrals_filter_overdue(referrals=Referral.objects.all(), kind=OverdueKind.ANY)) == {
            waiting,
            accepted,
            fresh,
        }
        accepted.refresh_from_db()
        assert referral_overdue_labels(referral=accepted) == ["Not started within 6 working days"]


@pytest.mark.django_db
def test_phone_search_ignores_spacing_and_the_country_code(referral_factory: Any, service_factory: Any) -> None:
    service = service_factory()
    spaced = referral_factory(service=service, phone="07700 900 982")
    international = referral_factory(service=service, phone="+44 1632 960 001")
    other = referral_factory(service=service, phone="01632 111 222")
    everyone = Referral.objects.all()
    none = Referral.objects.none()

    assert set(referrals_search_phone(referrals=everyone, matched=none, search_term="07700900982")) == {spaced}
    assert set(referrals_search_phone(referrals=everyone, matched=none, search_term="01632 960001")) == {international}
    assert set(referrals_search_phone(referrals=everyone, matched=none, search_term="+44 7700 900982")) == {spaced}
    assert not referrals_search_phone(referrals=everyone, matched=none, search_term="Alex 0770").exists()
    assert other not in referrals_search_phone(referrals=everyone, matched=none, search_term="900982")
