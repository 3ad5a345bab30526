from __future__ import annotations

from typing import Any

import pytest

from tests.accounts.factories import CarerFactory


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
