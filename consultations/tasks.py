"""Celery tasks for consultations: thin wrappers that call services."""

from __future__ import annotations

from celery import shared_task

from consultations.services.notifications import notifications_send_due
from consultations.services.retention import drafts_purge


@shared_task(name="consultations.tasks.consultation_notifications_send")
def consultation_notifications_send() -> dict[str, int]:
    """Beat runs this: queue the opening, closing-reminder and results emails that are due (each once)."""
    return notifications_send_due()


@shared_task(name="consultations.tasks.consultation_drafts_purge")
def consultation_drafts_purge() -> int:
    """Beat runs this daily: unsubmitted drafts are deleted 30 days after closing."""
    return drafts_purge()
