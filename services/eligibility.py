"""Who a service is for on a given day, and whether a person is inside it, as pages and the referral check read it.

The rule itself is SQL, in services.selectors.eligibility: a service's own fields until a decided change takes
effect, then its latest change's (a change naming no districts keeps them). Nothing here re-applies it: the
values shown (`Eligibility`) are read with that module's annotations, and the referral check asks the database
with the same filters the search uses, in one query. Everything reads "as of" a day that the caller passes
(normally today), so a change takes effect on its day without any job having to run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, Value

from services.geography import district_label
from services.models import NEED_LEVEL_DESCRIPTIONS, EligibilityChange, NeedLevel, Service
from services.presentation import coverage_text
from services.selectors.eligibility import (
    CHANGED_FIELDS,
    covers_person_on,
    eligibility_changes_ahead,
    eligibility_values,
    serves_age_band_on,
)


@dataclass(frozen=True)
class Eligibility:
    """Who a service is for on one day."""

    minimum_age: int | None
    maximum_age: int | None
    districts: tuple[str, ...]
    localities: tuple[str, ...]  # towns it covers where it covers only part of a district (the service's own)
    need_levels: tuple[str, ...]
    referral_rule: str
    accepts_outside_area: bool
    # The day the values took effect (None: the service's own values, before any scheduled change).
    since: date | None = None

    @property
    def age_text(self) -> str:
        return age_range_text(self.minimum_age, self.maximum_age)

    @property
    def need_levels_text(self) -> str:
        return need_levels_text(self.need_levels)

    @property
    def need_level_descriptions(self) -> list[tuple[str, str]]:
        return [(str(NeedLevel(level).label), NEED_LEVEL_DESCRIPTIONS[level]) for level in self.need_levels]


class Reason:
    """Why a person is outside what a service covers (the codes match Referral.Flag where they overlap)."""

    OUTSIDE_AREA = "outside_area"
    OUTSIDE_AGE = "outside_age"
    NOT_STARTED = "not_started"
    ENDED = "ended"


@dataclass(frozen=True)
class EligibilityCheck:
    reasons: tuple[str, ...]
    eligibility: Eligibility
    # Whether the person may still send a request: the provider takes requests from outside what it covers,
    # and the service is running (nobody can go on to a service that has ended or not yet started).
    can_go_on: bool
    # A Kent or Medway postcode we could not place in a district: staff check the area at triage (a flag).
    area_not_checked: bool = False

    @property
    def inside(self) -> bool:
        return not self.reasons


def eligibility_of(values: Mapping[str, Any], *, localities: Sequence[str]) -> Eligibility:
    """Who a service is for, from a row's services.selectors.eligibility.eligibility_values annotations and the
    service's own `localities` (no change moves them)."""
    return Eligibility(
        minimum_age=values["minimum_age_on"],
        maximum_age=values["maximum_age_on"],
        districts=tuple(values["districts_on"]),
        localities=tuple(localities),
        need_levels=tuple(values["need_levels_on"]),
        referral_rule=values["referral_rule_on"],
        accepts_outside_area=values["accepts_outside_area_on"],
        since=values["eligibility_since"],
    )


_VALUE_NAMES = (*(f"{name}_on" for name in CHANGED_FIELDS), "districts_on", "eligibility_since")


def eligibility_annotated(obj: Any, *, service: Service) -> Eligibility:
    """Who `service` is for, from the eligibility_values annotations on `obj` (the service itself, or a place
    annotated with prefix "service__")."""
    return eligibility_of({name: getattr(obj, name) for name in _VALUE_NAMES}, localities=service.localities)


def eligibility_on(*, service: Service, on: date) -> Eligibility:
    """Who the service is for on `on` (one query)."""
    values = Service.objects.filter(pk=service.pk).values(**eligibility_values(on=on)).get()
    return eligibility_of(values, localities=service.localities)


@dataclass(frozen=True)
class UpcomingChange:
    on: date
    notice: str


@dataclass(frozen=True)
class Proposal:
    """A change the council has proposed and not decided: it never takes effect until it is decided."""

    on: date | None  # None: no date yet ("three months after the decision")
    notice: str
    change: EligibilityChange  # the service page links its consultation


def _coming(*, service: Service, on: date) -> tuple[EligibilityChange | None, EligibilityChange | None]:
    """The service's next change to take effect after `on`, and its first proposal (one that never takes effect,
    whatever its date: a proposal has not happened, even once its date has passed), in one query."""
    upcoming = proposal = None
    for change in eligibility_changes_ahead(service=service):  # by date, those without one last
        if not change.takes_effect:  # type: ignore[attr-defined]
            proposal = proposal or change
        elif upcoming is None and change.takes_effect_on is not None and change.takes_effect_on > on:
            upcoming = change
    return upcoming, proposal


@dataclass(frozen=True)
class EligibilityNotices:
    """Who a service is for on a day, with the notices its page shows before what may change."""

    current: Eligibility
    upcoming: UpcomingChange | None
    proposal: Proposal | None


def _readings(*, service: Service, on: date, changes: Mapping[str, EligibilityChange | None]) -> dict[str, Eligibility]:
    """Who `service` is for on `on` ("now"), and as each of `changes` would make it, in one query."""
    readings = {"now": None, **{key: change for key, change in changes.items() if change is not None}}
    annotations = {
        f"{key}_{name}": expression
        for key, change in readings.items()
        for name, expression in eligibility_values(on=on, adding=change).items()
    }
    row: dict[str, Any] = dict(Service.objects.filter(pk=service.pk).values(**annotations).get())
    return {
        key: eligibility_of({name: row[f"{key}_{name}"] for name in _VALUE_NAMES}, localities=service.localities)
        for key in readings
    }


def eligibility_with_notices(*, service: Service, on: date) -> EligibilityNotices:
    """Who the service is for on `on`, the plain notice before its next change to take effect, and the notice that
    the council has proposed its first proposal (not yet decided, whatever its date), in two queries."""
    upcoming, proposal = _coming(service=service, on=on)
    read = _readings(service=service, on=on, changes={"upcoming": upcoming, "proposal": proposal})
    current = read["now"]
    return EligibilityNotices(
        current=current,
        upcoming=UpcomingChange(
            on=upcoming.takes_effect_on,
            notice=change_notice(before=current, after=read["upcoming"], change=upcoming),
        )
        if upcoming is not None and upcoming.takes_effect_on is not None
        else None,
        proposal=Proposal(
            on=proposal.takes_effect_on,
            notice=proposal_notice(before=current, after=read["proposal"], change=proposal),
            change=proposal,
        )
        if proposal is not None
        else None,
    )


@dataclass(frozen=True)
class ConsultationDecision:
    """A change to a service that a consultation was about, as the drafted report states it."""

    service: str
    decided: bool
    decided_on: date | None
    notice: str
    source: str


def consultation_decisions(*, consultation_id: int, on: date) -> list[ConsultationDecision]:
    """The changes linked to a consultation, each said as a decision or as a proposal not yet decided, against who
    its service was for before it (on `on`, or the day before the change's date if that is earlier)."""
    decisions = []
    for change in EligibilityChange.objects.filter(consultation_id=consultation_id).select_related("service"):
        before = on if change.takes_effect_on is None else min(on, change.takes_effect_on - timedelta(days=1))
        read = _readings(service=change.service, on=before, changes={"after": change})
        decided = change.status == EligibilityChange.Status.DECIDED
        said = change_notice if decided else proposal_notice
        decisions.append(
            ConsultationDecision(
                service=change.service.name,
                decided=decided,
                decided_on=change.decided_at.date() if change.decided_at else None,
                notice=said(before=read["now"], after=read["after"], change=change),
                source=change.source,
            )
        )
    return sorted(decisions, key=lambda d: d.service)


def eligibility_next_change(*, service: Service, on: date) -> UpcomingChange | None:
    """The next change to take effect after `on`, with the plain notice the public page shows before it."""
    return eligibility_with_notices(service=service, on=on).upcoming


def eligibility_next_proposal(*, service: Service, on: date) -> Proposal | None:
    """The first proposal not yet decided, whatever its date, with the notice that says it is proposed."""
    return eligibility_with_notices(service=service, on=on).proposal


def proposal_notice(*, before: Eligibility, after: Eligibility, change: EligibilityChange) -> str:
    """ "The council has proposed that from 1 April 2026 this service is for people with medium or higher needs.
    Nothing changes unless it is decided." (or the change's own words, which should say it is a proposal)"""
    if change.notice.strip():
        return change.notice.strip()
    parts = _change_parts(before=before, after=after)
    what = f"this service is {', '.join(parts)}" if parts else "there are changes to who this service is for"
    when = f"from {_day(change.takes_effect_on)} " if change.takes_effect_on else ""
    return f"The council has proposed that {when}{what}. Nothing changes unless it is decided."


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def age_range_text(minimum: int | None, maximum: int | None) -> str:
    if minimum is not None and maximum is not None:
        return f"aged {minimum} to {maximum}"
    if minimum is not None:
        return f"aged {minimum} and over"
    if maximum is not None:
        return f"aged {maximum} and under"
    return "of any age"


def need_levels_text(levels: Sequence[str]) -> str:
    """ "medium or higher needs"; empty when the service serves every level."""
    names = [str(NeedLevel(level).label).lower() for level in NeedLevel.values if level in levels]
    if not names or len(names) == len(NeedLevel.values):
        return ""
    if len(names) == 1:
        return f"{names[0]} needs"
    return f"{', '.join(names[:-1])} or {names[-1]} needs"


def change_notice(*, before: Eligibility, after: Eligibility, change: EligibilityChange) -> str:
    """ "From 1 April 2026 this service is for people with medium or higher needs." (or the change's own words)"""
    if change.notice.strip():
        return change.notice.strip()
    parts = _change_parts(before=before, after=after)
    when = _day(change.takes_effect_on) if change.takes_effect_on else "a date to be set"
    if not parts:
        return f"From {when} there are changes to who this service is for."
    return f"From {when} this service is {', '.join(parts)}."


def _change_parts(*, before: Eligibility, after: Eligibility) -> list[str]:
    """What a change changes, as phrases: "for people with medium or higher needs", "in Dover"."""
    parts: list[str] = []
    if after.need_levels != before.need_levels:
        parts.append(f"for people with {after.need_levels_text}" if after.need_levels_text else "for everyone")
    if (after.minimum_age, after.maximum_age) != (before.minimum_age, before.maximum_age):
        parts.append(f"for people {after.age_text}")
    if set(after.districts) != set(before.districts):
        parts.append(f"in {coverage_text(after.districts)}")
    if after.referral_rule != before.referral_rule and after.referral_rule:
        parts.append(f"only for people who meet this rule: {after.referral_rule.rstrip('.')}")
    return parts


def service_eligibility_check(
    *,
    service: Service,
    age_band: str,
    district: str,
    on: date,
    locality: str | None = None,
    outside_kent_and_medway: bool = False,
) -> EligibilityCheck:
    """Whether a person of `age_band` living in `district` (and `locality`, a town such as Swanley, from their
    postcode) is inside what the service covers on `on`: one query, by the filters the search uses.

    An unknown age band ("prefer not to say", or not asked) is not held against the person. A postcode outside
    Kent and Medway's postcode areas (`outside_kent_and_medway`) is outside every service that names districts,
    whether or not it can be placed. A Kent or Medway postcode that cannot be placed (no district) is not refused
    but flagged, so the provider checks the area at triage. An age band counts as outside only when every age in
    it is. A service with no districts covers everywhere.
    """
    area = covers_person_on(
        district=district, locality=locality, on=on, outside_kent_and_medway=outside_kent_and_medway
    )
    values = (
        Service.objects.filter(pk=service.pk)
        .values(
            **eligibility_values(on=on),
            in_area=_holds(area),
            in_age=_holds(serves_age_band_on(age_band=age_band, on=on)),
        )
        .get()
    )
    eligibility = eligibility_of(values, localities=service.localities)
    reasons: list[str] = []
    if not service.has_started(on):
        reasons.append(Reason.NOT_STARTED)
    if service.has_ended(on):
        reasons.append(Reason.ENDED)
    if not values["in_area"]:
        reasons.append(Reason.OUTSIDE_AREA)
    if not values["in_age"]:
        reasons.append(Reason.OUTSIDE_AGE)
    running = Reason.ENDED not in reasons and Reason.NOT_STARTED not in reasons
    return EligibilityCheck(
        reasons=tuple(reasons),
        eligibility=eligibility,
        can_go_on=running and (not reasons or eligibility.accepts_outside_area),
        area_not_checked=bool(eligibility.districts) and not district and not outside_kent_and_medway,
    )


def _holds(condition: Q) -> Any:
    """`condition` as a yes/no column (an empty filter holds for every service)."""
    return ExpressionWrapper(condition, output_field=BooleanField()) if condition else Value(True)


def reason_text(*, reason: str, eligibility: Eligibility, district: str) -> str:
    """What the person reads about one reason, in plain English."""
    if reason == Reason.OUTSIDE_AREA:
        where = district_label(district) if district else "where you live"
        return f"This service covers {coverage_text(eligibility.districts)}. It does not cover {where}."
    if reason == Reason.OUTSIDE_AGE:
        return f"This service is for people {eligibility.age_text}."
    if reason == Reason.ENDED:
        return "This service has ended."
    if reason == Reason.NOT_STARTED:
        return "This service has not started yet."
    return ""
