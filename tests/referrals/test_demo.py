"""The demo data: provider@example.com triages Live Well Kent and Medway's referrals; seeding twice changes nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest

from accounts.demo import demo_accounts_ensure
from services.referrals.demo import DEMO_ORGANISATION, demo_seed
from services.referrals.models import Referral, StaffMembership
from services.referrals.selectors import referrals_visible_to


@pytest.mark.django_db
def test_demo_seed_makes_the_provider_a_porchlight_manager_with_referrals_to_triage(
    organisation_factory: Any, service_factory: Any
) -> None:
    demo_accounts_ensure()
    porchlight = organisation_factory(name=DEMO_ORGANISATION)
    service_factory(organisation=porchlight, name="Live Well Kent: Thanet and South Kent Coast")

    demo_seed()
    demo_seed()

    membership = StaffMembership.objects.get(user__email="provider@example.com")
    assert membership.organisation == porchlight
    assert membership.role == StaffMembership.Role.MANAGER
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == {"new", "in_triage", "accepted"}
    assert Referral.objects.count() == 3
    assert referrals_visible_to(user=membership.user).count() == 3


@pytest.mark.django_db
def test_demo_seed_does_nothing_without_the_directory() -> None:
    demo_accounts_ensure()
    demo_seed()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_seed_demo_loads_the_directory_then_the_referrals_and_can_run_again() -> None:
    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    membership = StaffMembership.objects.get(user__email="provider@example.com")
    assert membership.organisation.name == "Live Well Kent and Medway"
    referrals = Referral.objects.select_related("service")
    assert referrals.count() == 3
    assert all("Live Well Kent" in r.service.name for r in referrals)
    assert referrals_visible_to(user=membership.user).count() == 3
