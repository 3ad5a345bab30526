"""Reads for the service directory (used by views, the API and other apps)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from services.geography import outward_code, outward_code_normalise, postcode_normalise
from services.models import Audience, Postcode, Service


@dataclass(frozen=True)
class PostcodeLocation:
    postcode: str
    latitude: float
    longitude: float
    district: str
    # False when only the outward code (e.g. "CT5") was found: the centre of that postcode district.
    exact: bool = True


def postcode_lookup(*, postcode: str) -> PostcodeLocation | None:
    """Coordinates and district of a postcode: the full postcode first, else its outward code centroid.

    Accepts a full postcode in any case or spacing, or an outward code alone ("CT5").
    None when the value is not a postcode or is unknown.
    """
    full = postcode_normalise(postcode)
    if full is not None:
        candidates = [full, outward_code(full)]
        shown = full
    else:
        outward = outward_code_normalise(postcode)
        if outward is None:
            return None
        candidates = [outward]
        shown = outward
    rows = {row.postcode: row for row in Postcode.objects.filter(postcode__in=candidates)}
    for code in candidates:
        row = rows.get(code)
        if row is not None:
            return PostcodeLocation(
                postcode=shown,
                latitude=row.latitude,
                longitude=row.longitude,
                district=row.district,
                exact=row.kind == Postcode.Kind.FULL,
            )
    return None


def services_for_carer(*, district: str, conditions: Sequence[str], limit: int = 6) -> list[Service]:
    """Active services covering `district` for a carer: those for the cared-for person's conditions first,
    then services for carers in general."""
    conditions = [c for c in conditions if c]
    relevant = Q(audiences__contains=[Audience.CARERS])
    if conditions:
        relevant |= Q(conditions__overlap=list(conditions))
    rank = (
        Case(When(conditions__overlap=list(conditions), then=Value(0)), default=Value(1), output_field=IntegerField())
        if conditions
        else Value(0, output_field=IntegerField())
    )
    return list(
        Service.objects.filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(relevant)
        .exclude(provides_carers_assessments=True)
        .select_related("organisation")
        .annotate(match_rank=rank)
        .order_by("match_rank", "name", "pk")[: max(0, limit)]
    )


CARERS_ASSESSMENT_SERVICE_NAME = "Community Navigation for Carers"


def carers_assessment_service_for_district(*, district: str) -> Service | None:
    """The active "Community Navigation for Carers" service covering `district` (carers' assessments go there)."""
    return (
        Service.objects.filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(Q(provides_carers_assessments=True) | Q(name__iexact=CARERS_ASSESSMENT_SERVICE_NAME))
        .select_related("organisation")
        .order_by("-provides_carers_assessments", "pk")
        .first()
    )
