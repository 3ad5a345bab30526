"""Reads for single services and short lists of them: by slug, for a carer, and a district's carers' assessments."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import (
    Case,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from services.geography import postcode_locality
from services.models import (
    Audience,
    Service,
    ServiceAtLocation,
    running_on,
)
from services.selectors.eligibility import covers_on, covers_place_on


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
    today = timezone.localdate()
    return list(
        Service.objects.filter(running_on(today))
        .filter(covers_on(districts=[district], on=today), status=Service.Status.ACTIVE)
        .filter(relevant)
        .exclude(provides_carers_assessments=True)
        .select_related("organisation")
        .annotate(match_rank=rank)
        .order_by("match_rank", "name", "pk")[: max(0, limit)]
    )


CARERS_ASSESSMENT_SERVICE_NAME = "Community Navigation for Carers"


def carers_assessment_service_for_district(*, district: str, postcode: str = "") -> Service | None:
    """The active "Community Navigation for Carers" service covering `district` (carers' assessments go there).

    With a postcode, a service for the postcode's town (Swanley in Sevenoaks district) is chosen over one for
    the whole district, and a service for another town in the district is left out.
    """
    locality = postcode_locality(postcode)
    today = timezone.localdate()
    covering = list(
        Service.objects.filter(running_on(today))
        .filter(covers_place_on(district=district, locality=locality, on=today), status=Service.Status.ACTIVE)
        .filter(Q(provides_carers_assessments=True) | Q(name__iexact=CARERS_ASSESSMENT_SERVICE_NAME))
        .select_related("organisation")
        .order_by("-provides_carers_assessments", "pk")
    )
    covering.sort(key=lambda s: locality is None or locality not in s.localities)  # stable: keeps the order above
    return covering[0] if covering else None


def service_by_slug(*, slug: str) -> QuerySet[Service]:
    """The public service with this slug (for get_object_or_404), with everything its page shows.

    Closed services stay visible, marked closed."""
    return (
        Service.objects.select_related("organisation")
        .prefetch_related(
            "categories",
            "phones",
            "schedules",
            "languages",
            "cost_options",
            "contacts",
            "service_areas",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
            ),
        )
        .select_related("instead")
        .filter(slug=slug)
    )


def services_taking_requests() -> QuerySet[Service]:
    """The services that take requests through this website today (open, taking self-referrals and running today),
    with their organisations."""
    return Service.objects.select_related("organisation").filter(
        running_on(timezone.localdate()), accepts_self_referral=True, status=Service.Status.ACTIVE
    )


def service_taking_requests(*, slug: str) -> QuerySet[Service]:
    """The service with this slug if it takes requests through this website today, for get_object_or_404."""
    return services_taking_requests().filter(slug=slug)


def open_services_by_slug(*, slugs: Sequence[str]) -> dict[str, Service]:
    """The open services among `slugs`, by slug (a page linking to them leaves out any that is gone)."""
    found = Service.objects.filter(slug__in=list(slugs), status__in=Service.OPEN_STATUSES).only("slug", "name")
    return {service.slug: service for service in found}
