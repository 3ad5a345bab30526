"""Writes for the referral retention period: purging expired referrals and anonymising them."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carers_portal.core.models import AuditEvent, OutboundEmail
from carers_portal.core.services import audit_record
from services.referrals.models import (
    Referral,
)
from services.referrals.triage import Status

ANONYMISED_NAME = "Removed (retention period ended)"


def referrals_purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> list[str]:
    """Anonymise closed referrals older than REFERRAL_RETENTION_DAYS after closure, except those on legal hold.

    Keeps the record (reference, service, dates, statuses, district) for reporting; removes
    every personal detail, the notes' and contact attempts' text, and the emails sent to the
    person. Returns the references affected (or that would be, with dry_run).
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    expired = Referral.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, legal_hold=False, anonymised_at__isnull=True
    ).order_by("pk")
    references = list(expired.values_list("reference", flat=True))
    if dry_run:
        return references
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update().filter(pk=pk, legal_hold=False, anonymised_at__isnull=True).first()
            )
            if referral is None:
                continue
            referral_anonymise(referral=referral)
    return references


def referral_anonymise(*, referral: Referral) -> None:
    """Remove the personal details from one referral (call inside a transaction)."""
    referral.name = ANONYMISED_NAME
    referral.referrer_name = ""
    referral.phone = ""
    referral.email = ""
    referral.address = ""
    referral.postcode = ""
    referral.help_wanted = ""
    referral.communication_needs = []
    referral.interpreter_language = ""
    referral.decline_reason = "Removed" if referral.decline_reason else ""
    referral.attachment = None
    referral.attachment_title = ""
    referral.shared_story = None
    referral.anonymised_at = timezone.now()
    referral.save()
    referral.notes.update(text="Removed (retention period ended)")
    referral.contact_attempts.update(note="")
    referral.status_changes.exclude(reason="").update(reason="Removed")
    # A paper self-assessment keyed in for it (accounts.KeyedInSelfAssessment) holds the carer's own answers.
    referral.keyed_in_self_assessments.update(answers={}, about={}, reasons=[])
    OutboundEmail.objects.filter(
        dedupe_key__startswith=f"referral:{referral.pk}:", status=OutboundEmail.Status.SENT
    ).delete()
    audit_record(
        actor=None,
        action=AuditEvent.Action.DELETE,
        obj=referral,
        summary="Personal details removed: the retention period ended",
    )
