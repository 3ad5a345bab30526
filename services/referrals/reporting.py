"""Referral figures for contract monitoring: counts by service, district, month, need level and outcome; working
days to triage and to start; age bands and Armed Forces status where people gave them.

`referral_report` reads an already scoped queryset (selectors.referrals_visible_to), so providers only ever
count their own organisation's referrals. Working days count England's bank holidays (carers_portal.core.
working_days, from the `holidays` package).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from statistics import mean, median
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from carers_portal.core.working_days import working_days_between
from services.geography import district_label
from services.models import NeedLevel
from services.referrals.deadlines import START_WORKING_DAYS, TRIAGE_WORKING_DAYS
from services.referrals.models import Referral
from services.referrals.triage import Status

NOT_RECORDED = "Not recorded"
NOT_GIVEN = "Not given"


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    share: float  # of the breakdown's total (of all referrals, for flags), 0 to 100


@dataclass(frozen=True)
class Bar:
    """One bar of a chart, in the SVG's own units (the chart is 640 wide; each row 44 high)."""

    row: Row
    y: int
    width: float


CHART_WIDTH = 640
BAR_AREA = 560  # the longest bar; the count is written after it
ROW_HEIGHT = 44


@dataclass(frozen=True)
class Breakdown:
    slug: str
    title: str
    rows: list[Row]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def chart_height(self) -> int:
        return ROW_HEIGHT * len(self.rows)

    @property
    def bars(self) -> list[Bar]:
        """Bars scaled to the largest count: each row's label above its bar."""
        largest = max((row.count for row in self.rows), default=0)
        return [
            Bar(row=row, y=ROW_HEIGHT * i, width=round(BAR_AREA * row.count / largest, 1) if largest else 0)
            for i, row in enumerate(self.rows)
        ]


@dataclass(frozen=True)
class Timing:
    """Working days from one step to the next, for the referrals that reached it."""

    reached: int
    within: int  # within `limit` working days
    limit: int
    average: float | None
    middle: float | None  # the median
    waiting: int  # not reached yet

    @property
    def within_percent(self) -> float | None:
        return round(100 * self.within / self.reached, 1) if self.reached else None


@dataclass(frozen=True)
class Report:
    start: date
    end: date
    total: int
    breakdowns: list[Breakdown] = field(default_factory=list)
    triage: Timing | None = None
    support_start: Timing | None = None


def _rows(counter: Counter[str], order: list[str] | None = None, *, of: int | None = None) -> list[Row]:
    total = sum(counter.values()) if of is None else of
    labels = (
        [label for label in order if label in counter] if order else sorted(counter, key=lambda k: (-counter[k], k))
    )
    return [
        Row(label=label, count=counter[label], share=100 * counter[label] / total if total else 0) for label in labels
    ]


def _month_label(day: date) -> str:
    return f"{day:%B %Y}"


def _months(start: date, end: date) -> list[str]:
    labels, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        labels.append(_month_label(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels


def _timing(days: list[int], *, limit: int, waiting: int) -> Timing:
    return Timing(
        reached=len(days),
        within=sum(1 for d in days if d <= limit),
        limit=limit,
        average=round(float(mean(days)), 1) if days else None,
        middle=float(median(days)) if days else None,
        waiting=waiting,
    )


def referral_report(*, referrals: QuerySet[Referral], start: date, end: date) -> Report:
    """The figures for referrals submitted from `start` to `end` (inclusive, local dates) in `referrals`."""
    rows = list(
        referrals.filter(submitted_at__date__gte=start, submitted_at__date__lte=end)
        .select_related("service")
        .order_by("submitted_at", "pk")
    )
    by: dict[str, Counter[str]] = {
        name: Counter() for name in ("service", "district", "month", "need", "outcome", "flag", "age", "forces")
    }
    triage_days: list[int] = []
    start_days: list[int] = []
    awaiting_triage = awaiting_start = 0
    ages = dict(Referral.AgeBand.choices)
    forces = dict(Referral.ArmedForces.choices)
    flags = dict(Referral.Flag.choices)
    for referral in rows:
        submitted_on = timezone.localdate(referral.submitted_at)
        by["service"][referral.service.name] += 1
        by["district"][district_label(referral.district) if referral.district else NOT_GIVEN] += 1
        by["month"][_month_label(submitted_on)] += 1
        by["need"][str(NeedLevel(referral.need_level).label) if referral.need_level else NOT_RECORDED] += 1
        by["outcome"][referral.get_status_display()] += 1
        for flag in referral.flags:
            by["flag"][str(flags.get(flag, flag))] += 1
        given_age = referral.age_band and referral.age_band != Referral.AgeBand.PREFER_NOT_TO_SAY
        by["age"][str(ages[referral.age_band]) if given_age else NOT_GIVEN] += 1
        given_forces = referral.armed_forces and referral.armed_forces != Referral.ArmedForces.PREFER_NOT
        by["forces"][str(forces[referral.armed_forces]) if given_forces else NOT_GIVEN] += 1
        if referral.triaged_at is not None:
            triage_days.append(working_days_between(submitted_on, timezone.localdate(referral.triaged_at)))
        elif referral.status in (Status.NEW, Status.IN_TRIAGE):
            awaiting_triage += 1
        if referral.accepted_at is not None and referral.support_started_on is not None:
            start_days.append(
                working_days_between(timezone.localdate(referral.accepted_at), referral.support_started_on)
            )
        elif referral.accepted_at is not None:
            awaiting_start += 1
    need_order = [str(label) for label in NeedLevel.labels] + [NOT_RECORDED]
    outcome_order = [str(label) for label in Status.labels]
    age_order = [
        str(label) for value, label in Referral.AgeBand.choices if value != Referral.AgeBand.PREFER_NOT_TO_SAY
    ] + [NOT_GIVEN]
    forces_order = [
        str(label) for value, label in Referral.ArmedForces.choices if value != Referral.ArmedForces.PREFER_NOT
    ] + [NOT_GIVEN]
    return Report(
        start=start,
        end=end,
        total=len(rows),
        breakdowns=[
            Breakdown("service", "By service", _rows(by["service"])),
            Breakdown("district", "By district", _rows(by["district"])),
            Breakdown("month", "By month sent", _rows(by["month"], _months(start, end))),
            Breakdown("need-level", "By level of need found at triage", _rows(by["need"], need_order)),
            Breakdown("outcome", "By outcome (status now)", _rows(by["outcome"], outcome_order)),
            Breakdown(
                "flags", "Flagged when sent", _rows(by["flag"], [str(label) for label in flags.values()], of=len(rows))
            ),
            Breakdown("age", "By age (a protected characteristic)", _rows(by["age"], age_order)),
            Breakdown("armed-forces", "By Armed Forces community", _rows(by["forces"], forces_order)),
        ],
        triage=_timing(triage_days, limit=TRIAGE_WORKING_DAYS, waiting=awaiting_triage),
        support_start=_timing(start_days, limit=START_WORKING_DAYS, waiting=awaiting_start),
    )


def report_csv_rows(*, report: Report) -> Iterator[list[Any]]:
    """The report as CSV: one row per figure (section, label, value)."""
    yield ["Section", "Item", "Referrals", "Share (%)"]
    yield ["Period", f"{report.start:%Y-%m-%d} to {report.end:%Y-%m-%d}", report.total, ""]
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            yield [breakdown.title, row.label, row.count, f"{row.share:.1f}"]
    for title, timing in (("Triage", report.triage), ("Start of support", report.support_start)):
        if timing is None:
            continue
        yield [title, "Reached", timing.reached, ""]
        yield [title, f"Within {timing.limit} working days", timing.within, timing.within_percent or ""]
        yield [title, "Average working days", timing.average if timing.average is not None else "", ""]
        yield [title, "Median working days", timing.middle if timing.middle is not None else "", ""]
        yield [title, "Still waiting", timing.waiting, ""]
