from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure


class Command(BaseCommand):
    help = (
        "Load the demo data (directory, referrals, consultations) and create the demo accounts. "
        "Each local app with a `demo` module that defines `demo_seed()` adds its own records. "
        "Safe to run again: existing records are kept, missing ones are added."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            demo_accounts_ensure()
        # Apps seed in INSTALLED_APPS order, so the directory exists before the referrals that point at it.
        for app in settings.LOCAL_APPS:
            if importlib.util.find_spec(f"{app}.demo") is None:
                continue
            seed = getattr(importlib.import_module(f"{app}.demo"), "demo_seed", None)
            if seed is not None:
                with transaction.atomic():
                    seed()
                self.stdout.write(f"Demo data loaded for {app}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Sign in at {settings.SITE_URL}/account/login/ with:")
        )
        for spec in DEMO_ACCOUNTS:
            self.stdout.write(f"  {spec['email']:<28} password: {DEMO_PASSWORD}   ({spec['name']})")
