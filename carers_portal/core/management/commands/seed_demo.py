from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_accounts_ensure


class Command(BaseCommand):
    help = (
        "Load the demo data (directory, consultations) and create the demo accounts. "
        "Safe to run again: existing records are kept, missing ones are added."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            demo_accounts_ensure()
        self.stdout.write(
            self.style.SUCCESS("Demo data is loaded. Sign in at http://127.0.0.1:8000/account/login/ with:")
        )
        for spec in DEMO_ACCOUNTS:
            self.stdout.write(f"  {spec['email']:<28} password: {DEMO_PASSWORD}   ({spec['name']})")
