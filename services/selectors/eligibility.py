"""Who a service is for on a day: the one definition, in SQL.

A service's own fields say who it is for until a scheduled change (EligibilityChange) takes effect; from then its
latest change in effect says it, except that a change naming no districts keeps the districts before it. Two
functions are that rule: `changes_in_effect` (which changes count on a day: only decided ones, from their date)
and `moving_districts` (which of them move the districts). Everything else reads them, so nothing can disagree:
the search and API filters (`covers_on`, `serves_age`, `serves_need_level`), the values a page shows on a day
(`eligibility_values`), and the check on one person that the referral journey asks the database
(`covers_person_on`, `serves_age_band_on`). All of it is SQL, so a filter adds no query of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db.models import Case, Exists, F, Field, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from services.geography import LOCALITIES
from services.models import EligibilityChange, Service, running_on

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

# What a change sets from its date, read from the latest change in effect (districts apart: `moving_districts`).
CHANGED_FIELDS = ("minimum_age", "maximum_age", "need_levels", "referral_rule", "accepts_outside_area")


def changes_in_effect(*, on: date) -> QuerySet[EligibilityChange]:
    """The rule's first half: the scheduled changes in effect on `on` are the decided ones dated on or before it.
    A proposed change never takes effect, even once its date has passed."""
    return EligibilityChange.objects.filter(status=EligibilityChange.Status.DECIDED, takes_effect_on__lte=on)


def moving_districts(changes: QuerySet[EligibilityChange]) -> QuerySet[EligibilityChange]:
    """The rule's second half: of `changes`, those that move a service's districts. A change naming no districts
    keeps the ones before it."""
    return changes.exclude(districts=[])


def district_moves(*, on: date) -> QuerySet[EligibilityChange]:
    """The scheduled changes in effect by `on` that move a service's districts."""
    return moving_districts(changes_in_effect(on=on))


def _latest(changes: QuerySet[EligibilityChange]) -> QuerySet[EligibilityChange]:
    """Each service's latest of `changes` (one without a date, a proposal read as if decided, is the latest)."""
    return changes.order_by("service_id", F("takes_effect_on").desc(nulls_first=True)).distinct("service_id")


def eligible_on(*, on: date, rule: Q, changes: QuerySet[EligibilityChange] | None = None) -> Q:
    """A filter for services meeting `rule`, a filter on fields Service and EligibilityChange share, as they are on
    `on`: on a service's own fields until a scheduled change takes effect, then on its latest change's (`changes`:
    the changes that count, by default those in effect by `on`)."""
    if changes is None:
        changes = changes_in_effect(on=on)
    latest = _latest(changes).values("pk")
    changed_and_meets = EligibilityChange.objects.filter(rule, pk__in=latest).values("service_id")
    return (rule & ~Q(pk__in=changes.values("service_id"))) | Q(pk__in=changed_and_meets)


def _service_field(name: str) -> Field[Any, Any]:
    field = Service._meta.get_field(name)
    if not isinstance(field, Field):
        raise TypeError(name)
    return field


def districts_on(*, on: date, changes: QuerySet[EligibilityChange] | None = None, prefix: str = "") -> Any:
    """An annotation with the districts a service covers on `on` (`changes`: those that count, by default those in
    effect by `on`; `prefix` as for `eligibility_values`)."""
    if changes is None:
        changes = changes_in_effect(on=on)
    moves = _latest(moving_districts(changes)).filter(service_id=OuterRef(f"{prefix}pk"))
    return Coalesce(  # a change that moves the districts names some, so this is never NULL
        Subquery(moves.values("districts")),
        F(f"{prefix}districts"),
        output_field=Service._meta.get_field("districts"),
    )


def eligibility_values(*, on: date, adding: EligibilityChange | None = None, prefix: str = "") -> dict[str, Any]:
    """Annotations with who a service is for on `on`, for a page to show: `<field>_on` for each of CHANGED_FIELDS
    and districts, and `eligibility_since`, the date its latest change in effect took effect (None: its own values).

    `adding`: read this change as the latest in effect, after those dated before it (who the service is for once
    it takes effect, for the notice before it); `prefix` reaches a service from another model, e.g. "service__"."""
    changes = changes_in_effect(on=on)
    if adding is not None:
        if adding.takes_effect_on is not None:
            changes = changes.filter(takes_effect_on__lt=adding.takes_effect_on)
        changes = changes | EligibilityChange.objects.filter(pk=adding.pk)
    latest = _latest(changes).filter(service_id=OuterRef(f"{prefix}pk"))
    values: dict[str, Any] = {
        f"{name}_on": Case(
            When(Exists(latest), then=Subquery(latest.values(name))),
            default=F(f"{prefix}{name}"),
            output_field=_service_field(name),
        )
        for name in CHANGED_FIELDS
    }
    values["districts_on"] = districts_on(on=on, changes=changes, prefix=prefix)
    values["eligibility_since"] = Subquery(latest.values("takes_effect_on"))
    return values


def eligibility_changes_ahead(*, service: Service) -> QuerySet[EligibilityChange]:
    """The service's scheduled changes by date (those without one last), each with `takes_effect`: whether it
    takes effect on some day. A proposal never does, whatever its date."""
    return (
        service.eligibility_changes.annotate(
            takes_effect=Exists(changes_in_effect(on=date.max).filter(pk=OuterRef("pk")))
        )
        .order_by("takes_effect_on", "pk")
        .select_related("consultation")
    )


def serves_need_level(*, level: str, on: date) -> Q:
    """A filter for services serving `level` of need on `on` (or everyone)."""
    return eligible_on(on=on, rule=Q(need_levels__contains=[level]) | Q(need_levels=[]))


def covers_on(*, districts: Sequence[str], on: date) -> Q:
    """A filter for services covering any of `districts` on `on` (a scheduled change may move a service's areas)."""
    return eligible_on(on=on, rule=Q(districts__overlap=sorted(set(districts))), changes=district_moves(on=on))


def covers_everywhere_on(*, on: date) -> Q:
    """A filter for services naming no districts on `on`: they cover everywhere."""
    return eligible_on(on=on, rule=Q(districts=[]), changes=district_moves(on=on))


def covers_place_on(*, district: str, locality: str | None, on: date) -> Q:
    """A filter for services covering someone in `district` (and `locality`, a town such as Swanley) on `on`: a
    service naming towns inside that district (its own `localities`) covers only those parts of it."""
    covered = covers_on(districts=[district], on=on)
    towns = sorted(slug for slug, town in LOCALITIES.items() if town.district == district)
    if not towns:
        return covered
    this_town = Q(localities__contains=[locality]) if locality in towns else Q(pk__in=[])
    return covered & (~Q(localities__overlap=towns) | this_town)


def covers_person_on(*, district: str, locality: str | None, on: date, outside_kent_and_medway: bool = False) -> Q:
    """A filter for services covering someone on `on`. A postcode outside Kent and Medway is outside every service
    that names districts; a Kent or Medway one we cannot place (no `district`) is not held against the person."""
    if outside_kent_and_medway:
        return covers_everywhere_on(on=on)
    if not district:
        return Q()
    return covers_everywhere_on(on=on) | covers_place_on(district=district, locality=locality, on=on)


def serves_ages(*, low: int | None, high: int | None, on: date) -> Q:
    """A filter for services open on `on` to someone of some age from `low` to `high` (either end may be open):
    those whose age range overlaps it, such as services for anyone aged 16 to 25."""
    rule = Q()
    if high is not None:
        rule &= Q(minimum_age__isnull=True) | Q(minimum_age__lte=high)
    if low is not None:
        rule &= Q(maximum_age__isnull=True) | Q(maximum_age__gte=low)
    return eligible_on(on=on, rule=rule)


def serves_age(*, age: int, on: date) -> Q:
    """A filter for services open to someone aged `age` on `on`."""
    return serves_ages(low=age, high=age, on=on)


def serves_age_band_on(*, age_band: str, on: date) -> Q:
    """A filter for services open on `on` to someone in `age_band`: outside only when every age in the band is.
    An unknown band ("prefer not to say", or not asked) is not held against the person."""
    ages = AGE_BANDS.get(age_band)
    return Q() if ages is None else serves_ages(low=ages[0], high=ages[1], on=on)


def services_covering(
    *, service: Service, age_band: str, district: str, on: date, locality: str | None = None, limit: int = 5
) -> list[Service]:
    """Other services giving the same kind of support (a shared category) that cover this person on `on`.

    Offered when someone is outside what `service` covers: open services that run on the day and are inside, by
    the same filters as the referral check, in one query."""
    candidates = (
        Service.objects.filter(status=Service.Status.ACTIVE, categories__in=service.categories.all())
        .exclude(pk=service.pk)
        .filter(running_on(on))
        .filter(covers_person_on(district=district, locality=locality, on=on))
        .filter(serves_age_band_on(age_band=age_band, on=on))
        .distinct()
        .select_related("organisation")
        .order_by("name", "pk")
    )
    return list(candidates[: max(0, limit)])
