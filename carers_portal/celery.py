"""The Celery application. Tasks live in each app's tasks.py and stay thin."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carers_portal.settings")

app = Celery("carers_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
