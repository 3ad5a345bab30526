"""Thin Celery tasks for carers: beat runs the reminder sweep."""

from __future__ import annotations

from celery import shared_task

from accounts import services


@shared_task(name="accounts.tasks.reminders_send_due")
def reminders_send_due() -> int:
    return services.reminders_send_due()
