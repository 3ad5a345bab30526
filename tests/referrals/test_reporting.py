"""Contract-monitoring figures for a fixed set of referrals, checked against a count by hand."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine

from carers_portal.core.models import AuditEvent
from services.referrals import reporting
from services.referrals.selectors import referrals_visible_to
from services.referrals.services.handling import (
    referral_support_started_set,
    referral_transition,
    referral_triage_record,
)

pytestmark = pytest.mark.django_db

MARCH_TO_MAY = {"start": date(2026, 3, 1), "end": date(2026, 5, 31)}


def _at(day: date) -> Any:
    return time_machine.travel(datetime(day.year, day.month, day.day, 10, tzinfo=UTC), tick=False)


@dataclass
class Scene:
    staff: Any
    commissioner: Any
    thanet: Any
    other_organisation: Any


@pytest.fixture
def scene(
    service_factory: Any,
    organisation_factory: Any,
    referral_factory: Any,
    provider_staff: Any,
    staff_user_factory: Any,
) -> Scene:
    """Five referrals to one provider's two services (and one to another provider's), March to May 2026.

    Bank holidays in the period: Good Friday 3 April, Easter Monday 6 April, 4 May and 25 May 2026.
    """
    provider = organisation_factory(name="Provider One")
    thanet = service_factory(
        organisation=provider, name="Wellbeing Thanet", districts=["thanet"], accepts_outside_area=True
    )
    dartford = service_factory(organisation=provider, name="Wellbeing Dartford", districts=["dartford"])
    other = service_factory(name="Another provider's service")
    staff = provider_staff(provider)
    commissioner = staff_user_factory(email="commissioner@example.org", staff_role="commissioner")

    def referral(service: Any, sent: date, **details: Any) -> Any:
        with _at(sent):
            return referral_factory(service=service, **details)

    def move(item: Any, day: date, *statuses: str, **extra: Any) -> None:
        with _at(day):
            for status in statuses:
                referral_transition(referral=item, to_status=status, actor=staff, **extra)

    # 1: Monday 2 March; accepted Wednesday 4 March (2 working days); started Thursday 12 March (6 working days).
    first = referral(thanet, date(2026, 3, 2), postcode="CT9 1XZ", age_band="65_74", armed_forces="veteran")
    move(first, date(2026, 3, 4), "in_triage", "accepted")
    referral_support_started_set(referral=first, started_on=date(2026, 3, 12), actor=staff)
    referral_triage_record(referral=first, need_level="medium", signposted_to=None, actor=staff)
    # 2: Thursday 2 April; accepted Tuesday 7 April (1 working day, over Easter); started Friday 17 April (8).
    second = referral(thanet, date(2026, 4, 2), postcode="CT9 1XZ", age_band="75_84", armed_forces="no")
    move(second, date(2026, 4, 7), "in_triage", "accepted")
    referral_support_started_set(referral=second, started_on=date(2026, 4, 17), actor=staff)
    referral_triage_record(referral=second, need_level="higher", signposted_to=None, actor=staff)
    # 3: Tuesday 14 April; signposted Monday 20 April (4 working days: late).
    third = referral(dartford, date(2026, 4, 14), postcode="DA1 1DX", age_band="35_44")
    referral_triage_record(referral=third, need_level="low", signposted_to=thanet, actor=staff)
    move(third, date(2026, 4, 20), "in_triage", "signposted")
    # 4: Friday 1 May; still new; someone at risk; preferred not to say their age or Armed Forces status.
    referral(
        dartford,
        date(2026, 5, 1),
        postcode="DA1 1DX",
        age_band="prefer_not_to_say",
        armed_forces="prefer-not",
        risk_reported=True,
    )
    # 5: Monday 11 May, from Swale (outside the area, the provider takes it); declined Tuesday 12 May (1).
    fifth = referral(thanet, date(2026, 5, 11), postcode="ME10 1AA", age_band="55_64", outside_confirmed=True)
    move(fifth, date(2026, 5, 12), "in_triage")
    move(fifth, date(2026, 5, 12), "declined", reason="Lives in Swale: pointed to the Swale service")
    # Another provider's referral (the provider's staff never count it), and one sent before the period.
    referral(other, date(2026, 3, 4))
    referral(dartford, date(2026, 2, 27))
    return Scene(staff=staff, commissioner=commissioner, thanet=thanet, other_organisation=other)


def _figures(report: reporting.Report) -> dict[str, dict[str, int]]:
    return {b.slug: {row.label: row.count for row in b.rows} for b in report.breakdowns}


def test_the_figures_match_a_hand_count(scene: Scene) -> None:
    report = reporting.referral_report(referrals=referrals_visible_to(user=scene.staff), **MARCH_TO_MAY)
    assert report.total == 5
    assert _figures(report) == {
        "service": {"Wellbeing Thanet": 3, "Wellbeing Dartford": 2},
        "district": {"Dartford": 2, "Thanet": 2, "Swale": 1},
        "month": {"March 2026": 1, "April 2026": 2, "May 2026": 2},
        "need-level": {"Low": 1, "Medium": 1, "Higher": 1, "Not recorded": 2},
        "outcome": {"New": 1, "Accepted": 2, "Signposted elsewhere": 1, "Declined": 1},
        "flags": {"Lives outside the area the service covers": 1, "Said someone is at immediate risk of harm": 1},
        "age": {"35 to 44": 1, "55 to 64": 1, "65 to 74": 1, "75 to 84": 1, "Not given": 1},
        "armed-forces": {"Served (veteran or reservist)": 1, "No": 1, "Not given": 3},
    }
    # Triage: 2, 1, 4 and 1 working days; one still waiting.
    assert report.triage == reporting.Timing(reached=4, within=3, limit=2, average=2.0, middle=1.5, waiting=1)
    assert report.triage.within_percent == 75.0
    # Start of support: 6 and 8 working days after acceptance.
    assert report.support_start == reporting.Timing(reached=2, within=1, limit=6, average=7.0, middle=7.0, waiting=0)
    shares = {row.label: row.share for row in report.breakdowns[0].rows}
    assert shares == {"Wellbeing Thanet": 60.0, "Wellbeing Dartford": 40.0}


def test_commissioners_count_every_provider(scene: Scene) -> None:
    report = reporting.referral_report(referrals=referrals_visible_to(user=scene.commissioner), **MARCH_TO_MAY)
    assert report.total == 6
    assert _figures(report)["service"]["Another provider's service"] == 1


def test_the_report_page_csv_and_charts(client: Any, staff_login: Any, scene: Scene) -> None:
    staff_login(client, scene.staff)
    params = {"start": "2026-03-01", "end": "2026-05-31"}
    page = client.get("/staff/referrals/referral/report/", params).content.decode()
    assert "Referral report" in page
    assert "Another provider" not in page
    assert 'role="img"' in page
    assert '<title id="service-chart-title">By service: a bar chart of the figures in the table below</title>' in page
    assert "an average, Live Well Kent's in 2020/21 (seed 004, 22/00033 §3.5), not a deadline" in page
    assert '<th scope="row">Wellbeing Thanet</th><td class="number">3</td><td class="number">60.0%</td>' in page

    response = client.get("/staff/referrals/referral/report/csv/", params)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Item", "Referrals", "Share (%)"]
    assert ["By district", "Swale", "1", "20.0"] in rows
    assert ["Triage", "Within 2 working days", "3", "75.0"] in rows
    assert ["Start of support", "Average working days", "7.0", ""] in rows

    audited = set(AuditEvent.objects.filter(actor_email=scene.staff.email).values_list("summary", flat=True))
    assert {
        "Opened the referral report 2026-03-01 to 2026-05-31",
        "Downloaded the referral report 2026-03-01 to 2026-05-31",
    } <= audited

    bad = client.get("/staff/referrals/referral/report/", {"start": "2026-05-31", "end": "2026-03-01"})
    assert "The end date must be the same as or after the start date" in bad.content.decode()


def test_people_who_cannot_triage_cannot_see_the_report(client: Any, staff_login: Any, staff_user_factory: Any) -> None:
    staff_login(client, staff_user_factory(email="nobody@example.org", staff_role="provider"))
    assert client.get("/staff/referrals/referral/report/").status_code in (302, 403)
    assert client.get("/staff/referrals/referral/report/csv/").status_code in (302, 403)
