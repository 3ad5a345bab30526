"""Demo outcome records for `manage.py seed_demo`, so the contract-monitoring report has something to show.

Illustrative examples only, marked `example=True` and labelled as demonstration data wherever shown: the council's
reports give only aggregate figures (seed 004, 22/00033 §3.4-3.5: 99% would recommend, 84% maintained or improved
SWEMWBS), never people's records, so none of these is real. Small and deterministic: ten people's outcomes at Live
Well Kent and Medway and eight carers' answers to the six "I" statements at Community Navigation for Carers (East
Kent), on fixed days before today. Idempotent: seeding again adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from services.models import Service
from services.outcomes.models import I_STATEMENTS, CarerStatements, Outcome
from services.referrals.demo import DEMO_ORGANISATION

# (days before today support ended, SWEMWBS start, SWEMWBS end, would recommend, had tenancy, kept it,
#  unemployed at the start, started paid work). The 7 SWEMWBS answers are each 1 to 5.
DEMO_OUTCOMES: list[
    tuple[int, list[int], list[int], bool | None, bool | None, bool | None, bool | None, bool | None]
] = [
    (20, [2, 3, 2, 3, 2, 3, 3], [3, 3, 3, 4, 3, 3, 4], True, True, True, True, False),
    (35, [3, 3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3, 3], True, None, None, False, None),
    (50, [2, 2, 2, 2, 3, 2, 2], [3, 3, 2, 3, 3, 3, 3], True, True, True, True, True),
    (65, [4, 3, 4, 3, 4, 3, 4], [3, 3, 3, 3, 4, 3, 3], False, None, None, None, None),
    (80, [1, 2, 2, 2, 1, 2, 2], [2, 3, 3, 3, 2, 3, 3], True, True, True, False, None),
    (110, [3, 2, 3, 2, 3, 2, 3], [4, 3, 4, 3, 4, 3, 4], True, None, None, True, False),
    (125, [2, 3, 3, 3, 2, 3, 2], [3, 3, 3, 3, 3, 3, 3], True, None, None, None, None),
    (140, [3, 3, 2, 3, 3, 3, 3], [3, 4, 3, 3, 4, 4, 3], True, True, False, True, False),
    (155, [4, 4, 3, 4, 3, 4, 4], [3, 3, 3, 3, 3, 3, 3], True, None, None, None, None),
    (170, [2, 2, 3, 2, 2, 2, 3], [3, 3, 3, 3, 3, 3, 3], None, None, None, None, None),
]
# Eight carers' answers to the six "I" statements (a = agree, d = disagree, - = not answered), in I_STATEMENTS order.
DEMO_STATEMENTS: list[tuple[int, str]] = [
    (15, "aaaaaa"),
    (30, "aaadaa"),
    (45, "aaaaa-"),
    (60, "adaaaa"),
    (95, "aaaaaa"),
    (115, "aa-ada"),
    (130, "aaaaaa"),
    (150, "daaaaa"),
]
_ANSWER = {"a": CarerStatements.Answer.AGREE, "d": CarerStatements.Answer.DISAGREE, "-": ""}
CARERS_SERVICE_SLUG = "community-navigation-for-carers-east-kent"
# Fixed tokens (uuid5 of a name), so seeding again finds the answers already there.
_NAMESPACE = uuid.UUID("6f1d2c7e-8a43-4f0b-9d55-3c2b1a0e9f44")


def demo_seed() -> None:
    service = (
        Service.objects.filter(organisation__name__icontains=DEMO_ORGANISATION, name__icontains="live well")
        .order_by("name")
        .first()
    )
    carers_service = Service.objects.filter(slug=CARERS_SERVICE_SLUG).first()
    if service is None or carers_service is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        if not Outcome.objects.filter(example=True).exists():
            Outcome.objects.bulk_create(
                Outcome(
                    organisation_id=service.organisation_id,
                    service=service,
                    support_ended_on=today - timedelta(days=days),
                    swemwbs_start=start,
                    swemwbs_end=end,
                    would_recommend=recommend,
                    had_tenancy=had_tenancy,
                    tenancy_kept=kept,
                    unemployed_at_start=unemployed,
                    started_paid_work=work,
                    example=True,
                )
                for days, start, end, recommend, had_tenancy, kept, unemployed, work in DEMO_OUTCOMES
            )
        for number, (days, answers) in enumerate(DEMO_STATEMENTS):
            CarerStatements.objects.get_or_create(
                token=uuid.uuid5(_NAMESPACE, f"demo-statements-{number}"),
                defaults={
                    "service": carers_service,
                    "answered_on": today - timedelta(days=days),
                    "example": True,
                    **{code: _ANSWER[answer] for (code, _), answer in zip(I_STATEMENTS, answers, strict=True)},
                },
            )
