from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared plumbing: the email outbox, the audit log, health checks and site pages."""

    name = "carers_portal.core"
    label = "core"
    verbose_name = "Portal operations"
