"""Reads for who a service is for on a day: its rules as of that day, scheduled changes included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Q,
    QuerySet,
)

from services.eligibility import change_notice, eligibility_on, proposal_notice
from services.models import (
    EligibilityChange,
    Service,
    running_on,
)


def eligible_on(*, on: date, rule: Q, changes: QuerySet[EligibilityChange] | None = None) -> Q:
    """A filter for services meeting `rule`, a filter on fields Service and EligibilityChange share, as they are on
    `on`: on a service's own fields until a scheduled change takes effect, then on its latest change's (`changes`:
    the changes that count, by default every one in effect by `on`). In SQL, so it adds no query of its own."""
    if changes is None:
        changes = EligibilityChange.objects.filter(takes_effect_on__lte=on, status=EligibilityChange.Status.DECIDED)
    latest = changes.order_by("service_id", "-takes_effect_on").distinct("service_id").values("pk")
    changed_and_meets = EligibilityChange.objects.filter(rule, pk__in=latest).values("service_id")
    return (rule & ~Q(pk__in=changes.values("service_id"))) | Q(pk__in=changed_and_meets)


def district_moves(*, on: date) -> QuerySet[EligibilityChange]:
    """The scheduled changes in effect by `on` that move a service's districts (a change without districts keeps
    them)."""
    return EligibilityChange.objects.filter(takes_effect_on__lte=on, status=EligibilityChange.Status.DECIDED).exclude(
        districts=[]
    )


def serves_need_level(*, level: str, on: date) -> Q:
    """A filter for services serving `level` of need on `on` (or everyone)."""
    return eligible_on(on=on, rule=Q(need_levels__contains=[level]) | Q(need_levels=[]))


def covers_on(*, districts: Sequence[str], on: date) -> Q:
    """A filter for services covering any of `districts` on `on` (a scheduled change may move a service's areas)."""
    return eligible_on(on=on, rule=Q(districts__overlap=sorted(set(districts))), changes=district_moves(on=on))


def serves_age(*, age: int, on: date) -> Q:
    """A filter for services open to someone aged `age` on `on`."""
    return eligible_on(
        on=on,
        rule=(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age))
        & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)),
    )


def services_covering(
    *, service: Service, age_band: str, district: str, on: date, locality: str | None = None, limit: int = 5
) -> list[Service]:
    """Other services giving the same kind of support (a shared category) that cover this person on `on`.

    Offered when someone is outside what `service` covers: open services that run on the day, with the day's
    eligibility (scheduled changes included) checked by the same rule as the referral.
    """
    from services.eligibility import service_eligibility_check

    candidates = (
        Service.objects.filter(status=Service.Status.ACTIVE, categories__in=service.categories.all())
        .exclude(pk=service.pk)
        .filter(running_on(on))
        .distinct()
        .select_related("organisation")
        .prefetch_related("eligibility_changes")
        .order_by("name", "pk")
    )
    if district:  # narrowed in SQL to services covering the district (or everywhere) that day; the check decides
        candidates = candidates.filter(
            covers_on(districts=[district], on=on)
            | eligible_on(on=on, rule=Q(districts=[]), changes=district_moves(on=on))
        )
    found = []
    for candidate in candidates:
        check = service_eligibility_check(
            service=candidate, age_band=age_band, district=district, locality=locality, on=on
        )
        if check.inside:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found


@dataclass
class ConsultationDecision:
    """A change to a service that a consultation was about, as the drafted report states it."""

    service: str
    decided: bool
    decided_on: date | None
    notice: str
    source: str


def consultation_decisions(*, consultation_id: int, on: date) -> list[ConsultationDecision]:
    """The changes linked to a consultation, each said as a decision or as a proposal not yet decided."""
    decisions = []
    for change in EligibilityChange.objects.filter(consultation_id=consultation_id).select_related("service"):
        before = eligibility_on(service=change.service, on=on)
        decided = change.status == EligibilityChange.Status.DECIDED
        notice = (
            change_notice(before=before, change=change) if decided else proposal_notice(before=before, change=change)
        )
        decisions.append(
            ConsultationDecision(
                service=change.service.name,
                decided=decided,
                decided_on=change.decided_at.date() if change.decided_at else None,
                notice=notice,
                source=change.source,
            )
        )
    return sorted(decisions, key=lambda d: d.service)
