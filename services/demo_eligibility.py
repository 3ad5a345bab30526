"""Demo: who the demo services are for, and the 2025 redesign as dated, scheduled changes.

Every date and rule here is from the council reports in ../shared/seeds/ (each says where). Applied after the
directory's demo data (services.demo.demo_seed); matched by service slug, so it can run again. With "today" in
late 2026 the demo shows past states (Community Navigation ended on 31 March 2026; Wellbeing for older people
for medium or higher needs since 1 April 2026) and future ones (the varied Wellbeing contracts end on 31 March 2027).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from services.models import EligibilityChange, NeedLevel, Service

REDESIGN = "Wellbeing Services in the Community, decision 25/00014 (seed 000)"
MEDIUM_OR_HIGHER: list[str] = [NeedLevel.MEDIUM, NeedLevel.HIGHER]
WELLBEING_SERVICES = ("wellbeing-older-people-sek", "wellbeing-older-people-involve", "wellbeing-older-people-imago")


@dataclass(frozen=True)
class ChangeSpec:
    takes_effect_on: date
    source: str
    need_levels: list[str] = field(default_factory=list)
    minimum_age: int | None = None
    maximum_age: int | None = None
    notice: str = ""


@dataclass(frozen=True)
class EligibilitySpec:
    need_levels: list[str] = field(default_factory=list)
    referral_rule: str = ""
    accepts_outside_area: bool = False
    valid_until: date | None = None
    instead: str = ""  # a service slug
    instead_note: str = ""
    changes: list[ChangeSpec] = field(default_factory=list)


_NAVIGATION_ENDED = (
    "Community Navigation ended on 31 March 2026. Navigators now work within the Wellbeing service for older people, "
    "for people with medium or higher needs. For information and advice, phone Adult Social Care Connect on "
    "03000 41 61 61."
)

DEMO_ELIGIBILITY: dict[str, EligibilitySpec] = {
    # Seed 000 §3.4.3 and §6.1-6.2: the Wellbeing contracts are varied to serve people with medium to higher needs
    # (support for lower-level needs stops) and all three run to 31 March 2027. The current SEK and Involve terms
    # end in March 2026, so the redesign is dated from 1 April 2026.
    **{
        slug: EligibilitySpec(
            valid_until=date(2027, 3, 31),
            changes=[
                ChangeSpec(
                    takes_effect_on=date(2026, 4, 1),
                    source=f"{REDESIGN}, 3.4.3, 6.1 and 6.2",
                    need_levels=MEDIUM_OR_HIGHER,
                    minimum_age=55,
                )
            ],
        )
        for slug in WELLBEING_SERVICES
    },
    # Seed 000 §3.5.5 and §6.1: Community Navigation for older people stops on 31 March 2026; navigation continues
    # inside the redesigned Wellbeing service (areas in §6.2).
    "community-navigation-east-kent": EligibilitySpec(
        valid_until=date(2026, 3, 31), instead="wellbeing-older-people-sek", instead_note=_NAVIGATION_ENDED
    ),
    "community-navigation-west-kent": EligibilitySpec(
        valid_until=date(2026, 3, 31), instead="wellbeing-older-people-involve", instead_note=_NAVIGATION_ENDED
    ),
    "community-navigation-dgs-swale": EligibilitySpec(
        valid_until=date(2026, 3, 31), instead="wellbeing-older-people-imago", instead_note=_NAVIGATION_ENDED
    ),
    # Seed 000 §3.7.10: new contracts for carers' services from 1 April 2026.
    **{
        f"community-navigation-for-carers-{area}": EligibilitySpec(
            changes=[
                ChangeSpec(
                    takes_effect_on=date(2026, 4, 1),
                    source=f"{REDESIGN}, 3.7.10",
                    notice="From 1 April 2026 this service runs under a new contract with Kent County Council.",
                )
            ]
        )
        for area in ("east-kent", "west-kent", "dgs-swale")
    },
    # Seed 004 (Live Well Kent review, 2.15): a "No Wrong Door" approach, so requests from outside an area are taken.
    **{
        slug: EligibilitySpec(accepts_outside_area=True)
        for slug in (
            "live-well-kent-dgs-swale",
            "live-well-kent-thanet-skc",
            "live-well-kent-west-kent",
            "live-well-kent-ashford-canterbury",
        )
    },
    # Seed 000 §2.4: social prescribers work through Primary Care Networks (GP practices).
    "social-prescribing": EligibilitySpec(referral_rule="Must be registered with a GP practice in Kent"),
}


def demo_eligibility_apply() -> None:
    """Set the demo services' eligibility and schedule their changes (idempotent)."""
    services = {s.slug: s for s in Service.objects.filter(slug__in=DEMO_ELIGIBILITY)}
    instead = {s.slug: s for s in Service.objects.filter(slug__in=[e.instead for e in DEMO_ELIGIBILITY.values()])}
    for slug, spec in DEMO_ELIGIBILITY.items():
        service = services.get(slug)
        if service is None:
            continue
        service.need_levels = list(spec.need_levels)
        service.referral_rule = spec.referral_rule
        service.accepts_outside_area = spec.accepts_outside_area
        service.valid_until = spec.valid_until
        service.instead = instead.get(spec.instead)
        service.instead_note = spec.instead_note
        service.save(
            update_fields=[
                "need_levels",
                "referral_rule",
                "accepts_outside_area",
                "valid_until",
                "instead",
                "instead_note",
            ]
        )
        for change in spec.changes:
            EligibilityChange.objects.update_or_create(
                service=service,
                takes_effect_on=change.takes_effect_on,
                defaults={
                    "need_levels": list(change.need_levels),
                    "minimum_age": change.minimum_age if change.minimum_age is not None else service.minimum_age,
                    "maximum_age": change.maximum_age if change.maximum_age is not None else service.maximum_age,
                    "referral_rule": service.referral_rule,
                    "accepts_outside_area": service.accepts_outside_area,
                    "notice": change.notice,
                    "source": change.source,
                },
            )
