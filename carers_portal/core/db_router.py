"""Send reads of lag-tolerant reference data to a read replica; everything else to the primary.

Installed only when DATABASE_REPLICA_URL is set. A read goes to the replica only when both:
- the model is named in DATABASE_REPLICA_MODELS ("app_label.ModelName"; by default the public
  directory, which is read far more than it is written and where a second's replication lag
  does no harm), and
- it happens while serving a GET or HEAD request outside the staff admin (ReplicaReadsMiddleware).
Writes, form posts, the staff admin (which reads a record, then saves it), Celery tasks and
management commands always use the primary, so nothing is read back stale and written again.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
REPLICA = "replica"
replica_reads_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads_allowed", default=False)


class ReplicaRouter:
    def __init__(self) -> None:
        # Routers are built once; db_for_read runs on every query, so the labels are read here.
        self.replica_models = frozenset(label.lower() for label in settings.DATABASE_REPLICA_MODELS)

    def db_for_read(self, model: type[models.Model], **hints: Any) -> str:
        if replica_reads_allowed.get() and model._meta.label_lower in self.replica_models:
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[models.Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: Any) -> bool | None:
        # Both aliases hold the same data, so a replica-read object may be related to a primary one.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == PRIMARY


class ReplicaReadsMiddleware:
    """Allow replica reads for the public's GET and HEAD requests only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        allowed = request.method in ("GET", "HEAD") and not request.path.startswith("/staff/")
        token = replica_reads_allowed.set(allowed)
        try:
            return self.get_response(request)
        finally:
            replica_reads_allowed.reset(token)
