"""Reads for the shared plumbing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from carers_portal.core.models import OutboundEmail


@dataclass(frozen=True)
class OutboxBacklog:
    pending: int
    pending_due: int
    failed: int
    sent_last_24_hours: int
    oldest_pending_minutes: int | None


def outbox_backlog() -> OutboxBacklog:
    """What the outbox still has to send, for the staff admin and for operations."""
    now = timezone.now()
    pending = Q(status=OutboundEmail.Status.PENDING)
    figures = OutboundEmail.objects.aggregate(
        pending=Count("pk", filter=pending),
        pending_due=Count("pk", filter=pending & Q(next_attempt_at__lte=now)),
        failed=Count("pk", filter=Q(status=OutboundEmail.Status.FAILED)),
        sent=Count("pk", filter=Q(status=OutboundEmail.Status.SENT, sent_at__gte=now - timedelta(hours=24))),
        oldest=Min("created_at", filter=pending),
    )
    oldest = figures["oldest"]
    return OutboxBacklog(
        pending=figures["pending"],
        pending_due=figures["pending_due"],
        failed=figures["failed"],
        sent_last_24_hours=figures["sent"],
        oldest_pending_minutes=int((now - oldest).total_seconds() // 60) if oldest else None,
    )
