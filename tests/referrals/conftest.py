"""Organisations, services, referrals and provider staff for the referral tests: the factory-boy factories of
tests/referrals/factories.py as fixtures, and the outward-code centroids the tests' postcodes need."""

from __future__ import annotations

from typing import Any

import pytest

from services.referrals.models import StaffMembership
from tests.referrals.factories import (
    OrganisationFactory,
    ReferralFactory,
    SelfReferralServiceFactory,
    StaffMembershipFactory,
)
from tests.support import transactional


@pytest.fixture(autouse=True)
def _postcode_districts(request: Any) -> None:
    """Outward-code centroids for the postcodes these tests use, so referrals get a district."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("transactional_db" if transactional(request) else "db")
    from services.models import Postcode

    for outward, district, lat, lon in (
        ("DA1", "dartford", 51.446, 0.216),
        ("CT9", "thanet", 51.386, 1.381),
        ("ME10", "swale", 51.340, 0.733),
        ("ME14", "maidstone", 51.280, 0.535),
    ):
        Postcode.objects.get_or_create(
            postcode=outward,
            defaults={"kind": Postcode.Kind.OUTWARD, "latitude": lat, "longitude": lon, "district": district},
        )


@pytest.fixture
def organisation_factory(db: Any) -> type[OrganisationFactory]:
    """tests/services/factories.py's OrganisationFactory: `organisation_factory(name="Porchlight")`."""
    return OrganisationFactory


@pytest.fixture
def service_factory(db: Any) -> type[SelfReferralServiceFactory]:
    """A service that takes self-referrals, for every district: `service_factory(districts=["thanet"])`."""
    return SelfReferralServiceFactory


@pytest.fixture
def referral_factory(db: Any) -> type[ReferralFactory]:
    """A referral through the real `referral_submit`: `referral_factory(service=service, phone="01632 111 222")`."""
    return ReferralFactory


@pytest.fixture
def provider_staff(db: Any) -> Any:
    """A provider staff member who belongs to `organisation` (a triage worker unless role says otherwise)."""

    def make(organisation: Any, email: str = "", role: str = StaffMembership.Role.TRIAGE) -> Any:
        user = {"user__email": email} if email else {}
        return StaffMembershipFactory(organisation=organisation, role=role, **user).user

    return make
