"""What the demo directory holds once seeded: a carers' assessment service for each district, and who it suggests.

(tests/services/test_demo.py tests the seeding itself, from an empty or an older database.)
"""

from __future__ import annotations

import pytest

from services.geography import ALL_DISTRICTS
from services.selectors.service_lookups import carers_assessment_service_for_district, services_for_carer

pytestmark = pytest.mark.usefixtures("demo_directory")


def test_every_kent_district_has_a_carers_assessment_service() -> None:
    for district in ALL_DISTRICTS:
        found = carers_assessment_service_for_district(district=district)
        if district == "medway":  # Medway Council commissions its own
            assert found is None
        else:
            assert found is not None, district
            assert found.name == "Community Navigation for Carers"
            assert found.accepts_self_referral


def test_services_for_a_carer_of_someone_with_dementia_in_canterbury() -> None:
    found = services_for_carer(district="canterbury", conditions=["dementia"])
    assert len(found) == 6
    assert "dementia" in found[0].conditions
    assert all("canterbury" in s.districts for s in found)
    assert "Community Navigation for Carers" not in [s.name for s in found]


def test_a_swanley_postcode_is_routed_to_the_dartford_gravesham_and_swanley_carers_service() -> None:
    swanley = carers_assessment_service_for_district(district="sevenoaks", postcode="BR8 7AA")
    sevenoaks = carers_assessment_service_for_district(district="sevenoaks", postcode="TN13 1AA")
    assert swanley is not None
    assert swanley.organisation.name == "Imago Community"
    assert sevenoaks is not None
    assert sevenoaks.organisation.name == "Involve Kent"
