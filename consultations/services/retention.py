"""How long consultation data is kept: unsubmitted drafts are deleted after closing."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from consultations.models import (
    Response,
)

DRAFT_RETENTION_AFTER_CLOSING = timedelta(days=30)


def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete unsubmitted drafts (and the email addresses they hold) 30 days after their consultation closed."""
    cutoff = (now or timezone.now()) - DRAFT_RETENTION_AFTER_CLOSING
    deleted, _ = Response.objects.filter(status=Response.Status.DRAFT, consultation__closes_at__lt=cutoff).delete()
    return deleted
