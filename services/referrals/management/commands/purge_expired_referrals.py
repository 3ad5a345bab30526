from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from services.referrals.services.retention import referrals_purge_expired


class Command(BaseCommand):
    help = (
        "Anonymise closed referrals whose closure is older than REFERRAL_RETENTION_DAYS (default 730, two years): "
        "removes the person's name, contact details, answers, attachment, note and contact-attempt text and the "
        "emails sent to them, keeping the reference, service, dates and statuses for reporting. Referrals on "
        "legal hold are skipped. With --dry-run, lists what would be anonymised and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List the referrals; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = bool(options["dry_run"])
        references = referrals_purge_expired(dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        for reference in references:
            self.stdout.write(f"{verb} {reference}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(references)} closed referral(s) older than {settings.REFERRAL_RETENTION_DAYS} days."
            )
        )
