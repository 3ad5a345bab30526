"""The contract-monitoring report (issue 24.7) against a hand count of recorded outcomes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError

from services.outcomes.models import Outcome
from services.outcomes.selectors import QUOTED, outcomes_by_provider_quarter
from tests.services.factories import OrganisationFactory, ServiceFactory

pytestmark = pytest.mark.django_db

LOW = [2, 2, 2, 2, 2, 2, 2]  # raw 14
MID = [3, 3, 3, 3, 3, 3, 3]  # raw 21
HIGH = [4, 4, 4, 4, 4, 4, 4]  # raw 28


def test_rates_by_provider_and_quarter_match_a_hand_count() -> None:
    porchlight, shaw = OrganisationFactory(name="Porchlight"), OrganisationFactory(name="Shaw Trust")
    east, west = ServiceFactory(organisation=porchlight), ServiceFactory(organisation=shaw)
    q1, q2 = date(2026, 2, 10), date(2026, 5, 3)
    records = [
        # Porchlight, 2026 Q1: four people
        (porchlight, east, q1, LOW, MID, True, True, True, None, None),  # improved, kept tenancy
        (porchlight, east, q1, MID, MID, True, True, False, True, True),  # maintained; started work
        (porchlight, east, q1, HIGH, LOW, False, None, None, True, False),  # worse
        (porchlight, east, q1, None, None, None, None, None, None, None),  # nothing recorded
        # Porchlight, 2026 Q2: one person
        (porchlight, east, q2, LOW, HIGH, True, False, None, True, True),
        # Shaw Trust, 2026 Q1: one person
        (shaw, west, q1, MID, LOW, True, True, True, None, None),
    ]
    for org, service, ended, start, end, recommend, had_tenancy, kept, unemployed, work in records:
        Outcome.objects.create(
            organisation=org,
            service=service,
            support_ended_on=ended,
            swemwbs_start=start,
            swemwbs_end=end,
            would_recommend=recommend,
            had_tenancy=had_tenancy,
            tenancy_kept=kept,
            unemployed_at_start=unemployed,
            started_paid_work=work,
        )
    rows = {(row.organisation, row.quarter): row for row in outcomes_by_provider_quarter()}
    assert set(rows) == {("Porchlight", "2026 Q1"), ("Porchlight", "2026 Q2"), ("Shaw Trust", "2026 Q1")}
    first = rows[("Porchlight", "2026 Q1")]
    # By hand: 4 people; recommend 2 of 3 answering; SWEMWBS maintained or improved 2 of 3 with both scores;
    # tenancy kept 1 of 2 who had one; started work 1 of 2 unemployed at the start.
    assert first.people == 4
    assert (first.recommend.yes, first.recommend.n, first.recommend.percent) == (2, 3, 67)
    assert (first.swemwbs.yes, first.swemwbs.n, first.swemwbs.percent) == (2, 3, 67)
    assert (first.tenancy.yes, first.tenancy.n, first.tenancy.percent) == (1, 2, 50)
    assert (first.work.yes, first.work.n, first.work.percent) == (1, 2, 50)
    second = rows[("Porchlight", "2026 Q2")]
    assert (second.people, second.swemwbs.percent, second.tenancy.n, second.work.percent) == (1, 100, 0, 100)
    assert second.tenancy.percent is None  # nobody it applies to: no rate, not 0%
    shaw_row = rows[("Shaw Trust", "2026 Q1")]
    assert (shaw_row.swemwbs.yes, shaw_row.swemwbs.n, shaw_row.tenancy.percent) == (0, 1, 100)


def test_the_quoted_figures_say_what_they_are() -> None:
    assert "99% would recommend" in QUOTED["recommend"]
    assert "84% maintained or improved" in QUOTED["swemwbs"]
    assert "an average, not a deadline" in QUOTED["days_to_start"]


def test_swemwbs_needs_all_seven_items() -> None:
    service = ServiceFactory()
    with pytest.raises(IntegrityError):
        Outcome.objects.create(
            organisation=service.organisation, service=service, support_ended_on=date(2026, 1, 1), swemwbs_start=[3] * 6
        )
    assert Outcome.raw_score(MID) == 21


def test_the_monitoring_report_shows_rates_with_n_beside_the_quoted_figures(
    client: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    commissioner = staff_login(client, staff_user_factory(email="commissioner@example.org", staff_role="commissioner"))
    service = ServiceFactory(organisation=OrganisationFactory(name="Porchlight"))
    for recommend in (True, True, False):
        Outcome.objects.create(
            organisation=service.organisation,
            service=service,
            support_ended_on=date(2026, 2, 1),
            would_recommend=recommend,
            swemwbs_start=LOW,
            swemwbs_end=MID,
        )
    page = commissioner.get("/staff/outcomes/outcome/").content.decode()
    assert "67% (2 of n = 3)" in page  # recommend, by hand
    assert "100% (3 of n = 3)" in page  # SWEMWBS maintained or improved
    assert "none recorded" in page  # tenancy and work: nobody they apply to
    assert "84% maintained or improved their SWEMWBS score" in page
    assert "6 working days between accepted referral and start, on average" in page
    assert "an average, not a deadline" in page
