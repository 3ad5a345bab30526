"""Who a service is for on a given day, and whether a person is inside it.

A service's own fields say who it is for until its first scheduled change (EligibilityChange); each change
takes over from its date. Everything here reads "as of" a day that the caller passes (normally today), so a
change takes effect on its day without any job having to run. Plain functions: the rules are unit-tested on
their own and the referral journey, the service page and the API all use the same ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from services.geography import covers, district_label
from services.models import NEED_LEVEL_DESCRIPTIONS, EligibilityChange, NeedLevel, Service
from services.presentation import coverage_text

# The ages in each referral age band (services.referrals.models.Referral.AgeBand), inclusive.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "under_18": (0, 17),
    "18_24": (18, 24),
    "25_34": (25, 34),
    "35_44": (35, 44),
    "45_54": (45, 54),
    "55_64": (55, 64),
    "65_74": (65, 74),
    "75_84": (75, 84),
    "85_plus": (85, 130),
}


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


def _changes(service: Service) -> list[EligibilityChange]:
    """The service's decided changes, oldest first (prefetch `eligibility_changes` to avoid a query). A proposed
    change never takes effect."""
    decided = [c for c in service.eligibility_changes.all() if c.is_decided and c.takes_effect_on is not None]
    return sorted(decided, key=lambda c: c.takes_effect_on or date.max)


def _proposals(service: Service) -> list[EligibilityChange]:
    """The service's proposed changes, oldest first."""
    proposed = [c for c in service.eligibility_changes.all() if not c.is_decided]
    return sorted(proposed, key=lambda c: c.takes_effect_on or date.max)


def _from_service(service: Service) -> Eligibility:
    return Eligibility(
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        districts=tuple(service.districts),
        localities=tuple(service.localities),
        need_levels=tuple(service.need_levels),
        referral_rule=service.referral_rule,
        accepts_outside_area=service.accepts_outside_area,
    )


def _apply(before: Eligibility, change: EligibilityChange) -> Eligibility:
    return Eligibility(
        minimum_age=change.minimum_age,
        maximum_age=change.maximum_age,
        districts=tuple(change.districts) or before.districts,
        localities=before.localities,
        need_levels=tuple(change.need_levels),
        referral_rule=change.referral_rule,
        accepts_outside_area=change.accepts_outside_area,
        since=change.takes_effect_on,
    )


def eligibility_on(*, service: Service, on: date) -> Eligibility:
    """Who the service is for on `on`: its own values with every decided change dated on or before `on` applied."""
    current = _from_service(service)
    for change in _changes(service):
        if change.takes_effect_on is None or change.takes_effect_on > on:
            break
        current = _apply(current, change)
    return current


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


def eligibility_next_change(*, service: Service, on: date) -> UpcomingChange | None:
    """The next decided change after `on`, with the plain notice the public page shows before it."""
    current = eligibility_on(service=service, on=on)
    for change in _changes(service):
        if change.takes_effect_on is not None and change.takes_effect_on > on:
            return UpcomingChange(on=change.takes_effect_on, notice=change_notice(before=current, change=change))
    return None


def eligibility_next_proposal(*, service: Service, on: date) -> Proposal | None:
    """The first proposal not yet decided, whatever its date (a proposal has not happened, even once its date has
    passed), with the notice that says the council has proposed it."""
    proposals = _proposals(service)
    if not proposals:
        return None
    change = proposals[0]
    notice = proposal_notice(before=eligibility_on(service=service, on=on), change=change)
    return Proposal(on=change.takes_effect_on, notice=notice, change=change)


def proposal_notice(*, before: Eligibility, change: EligibilityChange) -> str:
    """ "The council has proposed that from 1 April 2026 this service is for people with medium or higher needs.
    Nothing changes unless it is decided." (or the change's own words, which should say it is a proposal)"""
    if change.notice.strip():
        return change.notice.strip()
    parts = _change_parts(before=before, change=change)
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


def change_notice(*, before: Eligibility, change: EligibilityChange) -> str:
    """ "From 1 April 2026 this service is for people with medium or higher needs." (or the change's own words)"""
    if change.notice.strip():
        return change.notice.strip()
    parts = _change_parts(before=before, change=change)
    when = _day(change.takes_effect_on) if change.takes_effect_on else "a date to be set"
    if not parts:
        return f"From {when} there are changes to who this service is for."
    return f"From {when} this service is {', '.join(parts)}."


def _change_parts(*, before: Eligibility, change: EligibilityChange) -> list[str]:
    """What the change changes, as phrases: "for people with medium or higher needs", "in Dover"."""
    after = _apply(before, change)
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
    postcode) is inside what the service covers on `on`.

    An unknown age band ("prefer not to say", or not asked) is not held against the person. A postcode outside
    Kent and Medway's postcode areas (`outside_kent_and_medway`) is outside every service that names districts,
    whether or not it can be placed. A Kent or Medway postcode that cannot be placed (no district) is not refused
    but flagged, so the provider checks the area at triage. An age band counts as outside only when every age in
    it is. A service with no districts covers everywhere.
    """
    eligibility = eligibility_on(service=service, on=on)
    reasons: list[str] = []
    if not service.has_started(on):
        reasons.append(Reason.NOT_STARTED)
    if service.has_ended(on):
        reasons.append(Reason.ENDED)
    outside_area = outside_kent_and_medway or (
        bool(district)
        and not covers(
            districts=list(eligibility.districts),
            localities=list(eligibility.localities),
            district=district,
            locality=locality,
        )
    )
    if eligibility.districts and outside_area:
        reasons.append(Reason.OUTSIDE_AREA)
    ages = AGE_BANDS.get(age_band)
    if ages is not None:
        low, high = ages
        too_young = eligibility.minimum_age is not None and high < eligibility.minimum_age
        too_old = eligibility.maximum_age is not None and low > eligibility.maximum_age
        if too_young or too_old:
            reasons.append(Reason.OUTSIDE_AGE)
    running = Reason.ENDED not in reasons and Reason.NOT_STARTED not in reasons
    return EligibilityCheck(
        reasons=tuple(reasons),
        eligibility=eligibility,
        can_go_on=running and (not reasons or eligibility.accepts_outside_area),
        area_not_checked=bool(eligibility.districts) and not district and not outside_kent_and_medway,
    )


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
