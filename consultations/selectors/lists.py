"""The public list of consultations."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from consultations.models import (
    Consultation,
)


def consultations_public(*, now: datetime | None = None) -> dict[str, list[Consultation]]:
    """Open, upcoming and closed consultations for the public list."""
    now = now or timezone.now()
    groups: dict[str, list[Consultation]] = {"open": [], "upcoming": [], "closed": []}
    for consultation in Consultation.objects.order_by("closes_at"):
        status = consultation.status_at(now)
        if status == Consultation.Status.OPEN:
            groups["open"].append(consultation)
        elif status == Consultation.Status.UPCOMING:
            groups["upcoming"].append(consultation)
        else:
            groups["closed"].append(consultation)
    groups["closed"].reverse()
    return groups
