from __future__ import annotations

from django.apps import AppConfig


class ServicesConfig(AppConfig):
    verbose_name = "Service directory and referrals"
    name = "services"
