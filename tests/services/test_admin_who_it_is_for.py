"""Who a service is for stays with commissioners (security review 2026-12-07, medium): a provider's team manager
posting eligibility fields on their own listing changes nothing of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from services.models import Service
from services.referrals.models import StaffMembership
from tests.services.support import service_form

pytestmark = pytest.mark.usefixtures("demo_directory")


def test_a_providers_manager_cannot_change_who_a_service_is_for(
    client: Client, staff_user_factory: Any, staff_login: Any
) -> None:
    own = Service.objects.get(slug="kent-karrier")
    instead = Service.objects.exclude(pk=own.pk).order_by("pk").first()
    assert instead is not None
    before = {
        name: getattr(own, name)
        for name in ("minimum_age", "maximum_age", "eligibility_description", "accepts_self_referral", "instead_id")
    }
    manager = staff_user_factory(email="manager@provider.example.org", staff_role="provider")
    StaffMembership.objects.create(user=manager, organisation=own.organisation, role="manager")
    staff_login(client, manager)

    data = service_form(own, summary="Door-to-door minibus.")
    data |= {
        "minimum_age": "0",
        "maximum_age": "120",
        "eligibility_description": "Anyone at all",
        "accepts_self_referral": "" if own.accepts_self_referral else "on",
        "instead": instead.pk,
        "instead_note": "Go there",
    }
    response = client.post(f"/staff/services/service/{own.pk}/change/", data)
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.summary == "Door-to-door minibus."  # what they keep still saves
    assert {name: getattr(own, name) for name in before} == before
    assert own.instead_note != "Go there"
