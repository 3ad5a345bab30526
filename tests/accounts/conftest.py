from __future__ import annotations

from typing import Any

import pytest

from services.referrals.models import StaffMembership
from tests.accounts.factories import CarerFactory
from tests.services.factories import OrganisationFactory, ServiceFactory


@pytest.fixture(autouse=True)
def _postcodes(db: Any) -> None:
    """A few Kent postcodes (the council imports the ONS Postcode Directory; tests hold just these)."""
    from services.models import Postcode

    for code, kind, district in [
        ("ME14 1XX", Postcode.Kind.FULL, "maidstone"),
        ("CT1", Postcode.Kind.OUTWARD, "canterbury"),
        ("SW1A 1AA", Postcode.Kind.FULL, ""),
    ]:
        Postcode.objects.create(postcode=code, kind=kind, latitude=51.27, longitude=0.52, district=district)


@pytest.fixture
def carer_factory(db: Any) -> type[CarerFactory]:
    """tests/accounts/factories.py's CarerFactory: `carer_factory(email="other@example.com", district="medway")`."""
    return CarerFactory


@pytest.fixture
def providers(staff_user_factory: Any) -> dict[str, Any]:
    west = OrganisationFactory(name="Involve")
    east = OrganisationFactory(name="Carers Support East Kent")
    west_service = ServiceFactory(
        organisation=west,
        name="Community Navigation for Carers (West Kent)",
        districts=["maidstone", "sevenoaks"],
        provides_carers_assessments=True,
    )
    ServiceFactory(
        organisation=east,
        name="Community Navigation for Carers (East Kent)",
        districts=["thanet", "dover"],
        provides_carers_assessments=True,
    )
    staff = {}
    for key, org in (("west", west), ("east", east)):
        user = staff_user_factory(email=f"triage@{key}.example.org", staff_role="provider")
        StaffMembership.objects.create(user=user, organisation=org, role=StaffMembership.Role.TRIAGE)
        staff[key] = user
    return {"west": west, "east": east, "west_service": west_service, "staff": staff}
