from __future__ import annotations

from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Self-referrals to a service and their triage by the provider's staff (a sub-app of services)."""

    name = "services.referrals"
    label = "referrals"
    verbose_name = "Referrals"
    default_auto_field = "django.db.models.BigAutoField"
