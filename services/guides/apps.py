from __future__ import annotations

from django.apps import AppConfig


class GuidesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "services.guides"
    label = "guides"
    verbose_name = "Carers' information pages"
