from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    verbose_name = "Consultations"
    name = "consultations"
