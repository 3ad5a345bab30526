"""Thin Celery tasks for referrals (emails go through the core outbox tasks)."""

from __future__ import annotations

from celery import shared_task

from carers_portal.core.services import records_purge_expired
from services.referrals.services import retention


@shared_task(name="services.referrals.tasks.referrals_purge_expired")
def referrals_purge_expired() -> int:
    """Beat runs this daily, the retention purge: anonymise closed referrals past the retention period, and forget
    old sent emails and sign-in attempts."""
    records_purge_expired()
    return len(retention.referrals_purge_expired())


@shared_task(name="services.referrals.tasks.reviews_sweep")
def reviews_sweep() -> int:
    """Beat runs this daily: schedule carers' next reviews and queue the reminders that are due."""
    from services.referrals import reviews

    return reviews.reviews_sweep()
