"""The staff CSV export: scoped, filtered like the queue, safe to open in a spreadsheet, audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from carers_portal.core.models import AuditEvent
from services.referrals.models import StaffMembership
from tests.referrals.admin_support import CHANGELIST


def _rows(response: Any) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")  # Excel-friendly UTF-8
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.mark.django_db
def test_cells_that_look_like_formulas_are_escaped(
    client: Any,
    staff_login: Any,
    service_factory: Any,
    organisation_factory: Any,
    referral_factory: Any,
    provider_staff: Any,
) -> None:
    organisation = organisation_factory()
    referral = referral_factory(
        service=service_factory(organisation=organisation),
        name='=HYPERLINK("http://evil.example","click")',
        help_wanted="+44 cmd|' /C calc'!A0",
        phone="-1234567890",
    )
    staff_login(client, provider_staff(organisation, role=StaffMembership.Role.MANAGER))

    response = client.get(f"{CHANGELIST}export/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    header, row = _rows(response)
    record = dict(zip(header, row, strict=True))
    assert record["Reference"] == referral.reference
    assert record["Name"] == '\'=HYPERLINK("http://evil.example","click")'
    assert record["Help wanted"].startswith("'+44")
    assert record["Phone"] == "'-1234567890"
    assert record["Status"] == "New"


@pytest.mark.django_db
def test_the_export_follows_the_queues_filters_and_is_audited(
    client: Any,
    staff_login: Any,
    service_factory: Any,
    organisation_factory: Any,
    referral_factory: Any,
    provider_staff: Any,
) -> None:
    organisation = organisation_factory()
    service = service_factory(organisation=organisation)
    thanet = referral_factory(service=service, postcode="CT9 1XZ")
    dartford = referral_factory(service=service, postcode="DA1 1DX")
    manager = provider_staff(organisation, role=StaffMembership.Role.MANAGER)
    staff_login(client, manager)

    assert "Export this queue (CSV)" in client.get(CHANGELIST).content.decode()
    rows = _rows(client.get(f"{CHANGELIST}export/", {"district": "thanet"}))
    references = [r[0] for r in rows[1:]]
    assert references == [thanet.reference]
    assert dartford.reference not in references

    event = AuditEvent.objects.get(action="export")
    assert event.actor_email == manager.email
    assert "1 referral(s)" in event.summary
    assert "district=thanet" in event.summary
