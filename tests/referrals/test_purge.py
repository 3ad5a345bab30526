"""purge_expired_referrals: anonymise closed referrals after the retention period, except on legal hold."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from carers_portal.core.models import AuditEvent, OutboundEmail
from carers_portal.core.services import outbox_flush
from services.referrals.models import Referral
from services.referrals.services.handling import referral_contact_attempt_record, referral_note_add, referral_transition


def _closed(referral: Referral, *, days_ago: int, actor: Any) -> Referral:
    for status in ("in_triage", "declined", "closed"):
        referral_transition(referral=referral, to_status=status, actor=actor, reason="Outside our area: Medway")
    Referral.objects.filter(pk=referral.pk).update(closed_at=timezone.now() - timedelta(days=days_ago))
    referral.refresh_from_db()
    return referral


@pytest.fixture
def referrals(referral_factory: Any, service_factory: Any, organisation_factory: Any, provider_staff: Any) -> Any:
    organisation = organisation_factory()
    service = service_factory(organisation=organisation)
    staff = provider_staff(organisation)
    old = _closed(referral_factory(service=service, name="Old Person"), days_ago=800, actor=staff)
    referral_note_add(referral=old, author=staff, text="Spoke to their daughter about their diagnosis.")
    referral_contact_attempt_record(referral=old, made_by=staff, method="phone", outcome="spoke", note="Mobile")
    held = _closed(referral_factory(service=service, name="Held Person"), days_ago=800, actor=staff)
    Referral.objects.filter(pk=held.pk).update(legal_hold=True)
    recent = _closed(referral_factory(service=service, name="Recent Person"), days_ago=100, actor=staff)
    still_open = referral_factory(service=service, name="Open Person")
    Referral.objects.filter(pk=still_open.pk).update(submitted_at=timezone.now() - timedelta(days=1000))
    outbox_flush()
    return {"old": old, "held": held, "recent": recent, "open": still_open}


@pytest.mark.django_db
def test_dry_run_lists_and_changes_nothing(referrals: Any) -> None:
    out = StringIO()
    call_command("purge_expired_referrals", "--dry-run", stdout=out)
    assert f"Would anonymise {referrals['old'].reference}" in out.getvalue()
    assert referrals["held"].reference not in out.getvalue()
    assert "Would anonymise 1 closed referral(s) older than 730 days" in out.getvalue()
    referrals["old"].refresh_from_db()
    assert referrals["old"].name == "Old Person"
    assert referrals["old"].anonymised_at is None


@pytest.mark.django_db
def test_expired_referrals_lose_every_personal_detail(referrals: Any) -> None:
    old = referrals["old"]
    assert OutboundEmail.objects.filter(to=old.email, dedupe_key__startswith=f"referral:{old.pk}:").exists()

    out = StringIO()
    call_command("purge_expired_referrals", stdout=out)
    assert f"Anonymised {old.reference}" in out.getvalue()

    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert old.name == "Removed (retention period ended)"
    assert (old.phone, old.email, old.address, old.postcode, old.help_wanted) == ("", "", "", "", "")
    assert old.reference.startswith("KCP-R-")  # the record stays for reporting
    assert old.district == "dartford"
    assert old.notes.get().text == "Removed (retention period ended)"
    assert old.contact_attempts.get().note == ""
    assert not old.status_changes.filter(reason__contains="Medway").exists()
    assert not OutboundEmail.objects.filter(dedupe_key__startswith=f"referral:{old.pk}:", status="sent").exists()
    assert AuditEvent.objects.filter(object_id=str(old.pk), action="delete").exists()

    for key in ("held", "recent", "open"):
        referrals[key].refresh_from_db()
        assert referrals[key].anonymised_at is None, key
    assert referrals["held"].name == "Held Person"

    # Running again finds nothing more to do.
    out = StringIO()
    call_command("purge_expired_referrals", stdout=out)
    assert "Anonymised 0 closed referral(s)" in out.getvalue()


@pytest.mark.django_db
def test_the_retention_period_is_configurable(referrals: Any, settings: Any) -> None:
    settings.REFERRAL_RETENTION_DAYS = 30
    out = StringIO()
    call_command("purge_expired_referrals", "--dry-run", stdout=out)
    assert referrals["old"].reference in out.getvalue()
    assert referrals["recent"].reference in out.getvalue()
    assert referrals["held"].reference not in out.getvalue()


@pytest.mark.django_db
def test_beat_runs_the_purge_daily_through_a_thin_task(referrals: Any, settings: Any) -> None:
    from services.referrals.tasks import referrals_purge_expired

    entry = settings.CELERY_BEAT_SCHEDULE["referrals-purge-expired"]
    assert entry["task"] == referrals_purge_expired.name
    assert referrals_purge_expired.apply().get() == 1
    referrals["old"].refresh_from_db()
    assert referrals["old"].anonymised_at is not None
