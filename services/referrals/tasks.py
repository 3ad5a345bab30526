"""Thin Celery tasks for referrals (emails go through the core outbox tasks)."""

from __future__ import annotations

from celery import shared_task

from services.referrals import services


@shared_task(name="services.referrals.tasks.referrals_purge_expired")
def referrals_purge_expired() -> int:
    """Beat runs this daily: anonymise closed referrals past the retention period."""
    return len(services.referrals_purge_expired())
