"""Organisations, services and referrals for the referral tests (through the real services, on real PostgreSQL)."""

from __future__ import annotations

import itertools
import secrets
from dataclasses import replace
from typing import Any

import pytest
from django.utils.text import slugify

from services.referrals.services import ReferralDetails

_counter = itertools.count(1)

DETAILS = ReferralDetails(
    name="Alex Resident",
    help_wanted="I would like help with money worries and meeting people.",
    consent=True,
    phone="07700 900 982",
    email="alex@example.com",
    postcode="DA1 1DX",
    best_time_to_contact="morning",
    age_band="35_44",
)


@pytest.fixture(autouse=True)
def _postcode_districts(request: Any) -> None:
    """Outward-code centroids for the postcodes these tests use, so referrals get a district."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db" if not _transactional(request) else "transactional_db")
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


def _transactional(request: Any) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


@pytest.fixture
def organisation_factory(db: Any) -> Any:
    from services.models import Organisation

    def make(name: str = "", **extra: Any) -> Organisation:
        n = next(_counter)
        name = name or f"Provider {n}"
        extra.setdefault("referrals_email", f"referrals{n}@provider.example.org")
        return Organisation.objects.create(name=name, slug=f"{slugify(name)}-{n}", **extra)

    return make


@pytest.fixture
def service_factory(db: Any, organisation_factory: Any) -> Any:
    from services.models import Service

    def make(organisation: Any = None, name: str = "", **extra: Any) -> Service:
        n = next(_counter)
        organisation = organisation or organisation_factory()
        name = name or f"Service {n}"
        extra.setdefault("accepts_self_referral", True)
        return Service.objects.create(organisation=organisation, name=name, slug=f"{slugify(name)}-{n}", **extra)

    return make


@pytest.fixture
def referral_factory(db: Any, service_factory: Any) -> Any:
    from services.referrals.services import referral_submit

    def make(service: Any = None, user: Any = None, **details: Any) -> Any:
        return referral_submit(
            service=service or service_factory(),
            details=replace(DETAILS, **details),
            user=user,
            submission_token=secrets.token_urlsafe(16),
        )

    return make


@pytest.fixture
def provider_staff(staff_user_factory: Any) -> Any:
    """A provider staff member who belongs to `organisation` (a triage worker unless role says otherwise)."""
    from services.referrals.models import StaffMembership

    def make(organisation: Any, email: str = "", role: str = StaffMembership.Role.TRIAGE) -> Any:
        user = staff_user_factory(email=email or f"staff{next(_counter)}@provider.example.org", staff_role="provider")
        StaffMembership.objects.create(user=user, organisation=organisation, role=role)
        return user

    return make
