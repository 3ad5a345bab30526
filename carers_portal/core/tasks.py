"""Thin Celery tasks: each takes ids and calls a service."""

from __future__ import annotations

from celery import shared_task

from carers_portal.core import services


@shared_task(name="carers_portal.core.tasks.outbox_send")
def outbox_send(email_id: int) -> bool:
    return services.outbox_send(email_id=email_id)


@shared_task(name="carers_portal.core.tasks.outbox_flush")
def outbox_flush() -> int:
    return services.outbox_flush()
