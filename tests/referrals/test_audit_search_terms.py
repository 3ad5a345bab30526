"""The audit trail records that staff searched the referral queue, never the words they searched for."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from carers_portal.core.models import AuditEvent
from services.referrals.models import StaffMembership
from tests.referrals.admin_support import CHANGELIST

SEARCHED = "07700 900982"


@pytest.mark.django_db
def test_queue_and_export_audit_summaries_hold_no_search_terms(
    client: Any, staff_login: Any, service_factory: Any, organisation_factory: Any, provider_staff: Any
) -> None:
    organisation = organisation_factory()
    service_factory(organisation=organisation)
    staff_login(client, provider_staff(organisation, role=StaffMembership.Role.MANAGER))

    assert client.get(CHANGELIST, {"q": SEARCHED, "status__exact": "new"}).status_code == 200
    export = client.get(f"{CHANGELIST}export/", {"q": "Alex Resident"})
    assert export.status_code == 200
    b"".join(export.streaming_content)

    summaries = list(AuditEvent.objects.values_list("summary", flat=True))
    assert any("q=[search]" in s and "status__exact=new" in s for s in summaries), summaries
    assert any(s.startswith("Exported the referral queue") and "q=[search]" in s for s in summaries), summaries
    for summary in summaries:
        for term in ("07700", "900982", "Alex"):
            assert term not in summary


@pytest.mark.django_db
def test_search_terms_already_in_the_trail_are_forgotten_by_a_migration() -> None:
    old = AuditEvent.objects.create(
        action="view", object_type="referrals.Referral", summary="Opened the referral queue q=Alex+Resident&o=2"
    )
    other = AuditEvent.objects.create(action="view", object_type="referrals.Referral", summary="Viewed the referral")
    migration = importlib.import_module("carers_portal.core.migrations.0002_audit_summaries_without_search_terms")

    migration.forget_search_terms(apps, None)

    old.refresh_from_db()
    other.refresh_from_db()
    assert old.summary == "Opened the referral queue q=[search]&o=2"
    assert other.summary == "Viewed the referral"
