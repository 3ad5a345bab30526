from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure
from carers_portal.core.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Load the demo data (directory, referrals, consultations) and create the demo accounts. "
        "Each local app with a `demo` module that defines `demo_seed()` adds its own records. "
        "Safe to run again: existing records are kept, missing ones are added."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Apps seed in INSTALLED_APPS order, so the directory exists before the referrals that point at it.
        seeds = [
            (app, seed)
            for app in settings.LOCAL_APPS
            if importlib.util.find_spec(f"{app}.demo") is not None
            and (seed := getattr(importlib.import_module(f"{app}.demo"), "demo_seed", None)) is not None
        ]
        with progress_bar(
            self, total=1 + len(seeds), desc="Loading demo data", unit=" parts", verbosity=options["verbosity"]
        ) as bar:
            with transaction.atomic():
                demo_accounts_ensure()
            bar.update(1)
            for app, seed in seeds:
                with transaction.atomic():
                    seed()
                bar.write(f"Demo data loaded for {app}", file=getattr(self.stdout, "_out", self.stdout))
                bar.update(1)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data is loaded. Sign in at {settings.SITE_URL}/account/login/ with:")
        )
        for spec in DEMO_ACCOUNTS:
            self.stdout.write(f"  {spec['email']:<28} password: {DEMO_PASSWORD}   ({spec['name']})")
