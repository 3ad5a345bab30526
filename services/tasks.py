"""Thin Celery tasks for the directory."""

from __future__ import annotations

from celery import shared_task

from services.services.csv_import import service_import_run


@shared_task(name="services.tasks.service_import_run_task", acks_late=True)
def service_import_run_task(import_id: int) -> None:
    """Import a services CSV uploaded in the staff admin."""
    service_import_run(import_id=import_id)
