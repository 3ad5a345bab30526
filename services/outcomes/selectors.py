"""The contract-monitoring report: each measure by provider and quarter, with n, beside the figures the council's
reports quote (issue 24.7)."""

from __future__ import annotations

from dataclasses import dataclass, field

from services.outcomes.models import Outcome

# What the reports quote, for comparison (seed 004, 22/00033 §3.4-3.5, Live Well Kent).
QUOTED = {
    "recommend": "99% would recommend the service (asked 1 April 2017 to 31 March 2021)",
    "swemwbs": "84% maintained or improved their SWEMWBS score (1 April 2017 to 31 March 2021)",
    "tenancy": "99% of sign-ups to the housing service with a tenancy or accommodation kept it (2020/21 to Q2)",
    "work": "164 unemployed people started paid employment (2020/21 to Q2)",
    "days_to_start": "6 working days between accepted referral and start, on average (2020/21 to Q2): an average, "
    "not a deadline",
}


@dataclass
class Rate:
    yes: int = 0
    n: int = 0

    @property
    def percent(self) -> int | None:
        return round(100 * self.yes / self.n) if self.n else None


@dataclass
class Row:
    organisation: str
    quarter: str  # "2026 Q1" (calendar quarters of the day support ended)
    people: int = 0
    recommend: Rate = field(default_factory=Rate)
    swemwbs: Rate = field(default_factory=Rate)  # maintained or improved (raw totals)
    tenancy: Rate = field(default_factory=Rate)  # of those with a tenancy at the start
    work: Rate = field(default_factory=Rate)  # of those unemployed at the start
    examples: int = 0  # demonstration records among `people` (labelled in the report)


def _quarter(outcome: Outcome) -> str:
    day = outcome.support_ended_on
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def outcomes_by_provider_quarter() -> list[Row]:
    """One row per provider and quarter: n people, and each rate with its own n (those it applies to)."""
    rows: dict[tuple[str, str], Row] = {}
    for outcome in Outcome.objects.select_related("organisation").order_by("organisation__name", "support_ended_on"):
        key = (outcome.organisation.name, _quarter(outcome))
        row = rows.setdefault(key, Row(*key))
        row.people += 1
        row.examples += outcome.example
        if outcome.would_recommend is not None:
            row.recommend.n += 1
            row.recommend.yes += outcome.would_recommend
        start, end = Outcome.raw_score(outcome.swemwbs_start), Outcome.raw_score(outcome.swemwbs_end)
        if start is not None and end is not None:
            row.swemwbs.n += 1
            row.swemwbs.yes += end >= start
        if outcome.had_tenancy and outcome.tenancy_kept is not None:
            row.tenancy.n += 1
            row.tenancy.yes += outcome.tenancy_kept
        if outcome.unemployed_at_start and outcome.started_paid_work is not None:
            row.work.n += 1
            row.work.yes += outcome.started_paid_work
    return list(rows.values())


@dataclass
class StatementRow:
    service: str
    quarter: str
    n: int  # carers who answered at least one statement
    agree: dict[str, Rate] = field(default_factory=dict)  # statement code -> agree of those answering it
    examples: int = 0  # demonstration answers among `n` (labelled in the report)


def carer_statements_by_service_quarter() -> list[StatementRow]:
    """Per service and quarter: for each "I" statement, how many agreed of those who answered it."""
    from services.outcomes.models import I_STATEMENTS, CarerStatements

    rows: dict[tuple[str, str], StatementRow] = {}
    for answers in CarerStatements.objects.select_related("service").order_by("service__name", "answered_on"):
        day = answers.answered_on
        key = (answers.service.name, f"{day.year} Q{(day.month - 1) // 3 + 1}")
        row = rows.setdefault(key, StatementRow(*key, n=0, agree={code: Rate() for code, _ in I_STATEMENTS}))
        row.n += 1
        row.examples += answers.example
        for code, _ in I_STATEMENTS:
            answer = getattr(answers, code)
            if answer:
                row.agree[code].n += 1
                row.agree[code].yes += answer == CarerStatements.Answer.AGREE
    return list(rows.values())
