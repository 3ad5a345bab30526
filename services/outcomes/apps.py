from __future__ import annotations

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome measures providers record per person supported, for contract monitoring (a sub-app of services)."""

    name = "services.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures"
    default_auto_field = "django.db.models.BigAutoField"
