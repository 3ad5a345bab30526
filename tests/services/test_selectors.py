from __future__ import annotations

import pytest

from services.models import Audience, Postcode, Service
from services.selectors.postcodes import postcode_lookup
from services.selectors.service_lookups import carers_assessment_service_for_district, services_for_carer
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_postcode_lookup_prefers_full_postcode_then_outward_code() -> None:
    Postcode.objects.create(postcode="CT5", kind="outward", latitude=51.35, longitude=1.04, district="canterbury")
    Postcode.objects.create(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="canterbury")

    exact = postcode_lookup(postcode="ct51aa")
    assert exact is not None
    assert (exact.postcode, exact.latitude, exact.exact) == ("CT5 1AA", 51.3606, True)

    centroid = postcode_lookup(postcode="CT5 2ZZ")
    assert centroid is not None
    assert (centroid.latitude, centroid.district, centroid.exact) == (51.35, "canterbury", False)

    assert postcode_lookup(postcode="TN1 1AA") is None
    assert postcode_lookup(postcode="not a postcode") is None
    outward = postcode_lookup(postcode="ct5")
    assert outward is not None
    assert (outward.postcode, outward.exact) == ("CT5", False)


def test_services_for_carer_puts_condition_matches_first_and_covers_district() -> None:
    dementia = ServiceFactory(name="Zed dementia cafe", conditions=["dementia"], districts=["canterbury"])
    carers = ServiceFactory(name="Alpha carers group", audiences=[Audience.CARERS], districts=["canterbury"])
    ServiceFactory(name="Elsewhere", conditions=["dementia"], districts=["dover"])
    ServiceFactory(name="Closed", conditions=["dementia"], districts=["canterbury"], status=Service.Status.INACTIVE)
    ServiceFactory(name="Unrelated", districts=["canterbury"])

    found = services_for_carer(district="canterbury", conditions=["dementia"])
    assert found == [dementia, carers]
    assert services_for_carer(district="canterbury", conditions=[]) == [carers]
    assert services_for_carer(district="canterbury", conditions=["dementia"], limit=1) == [dementia]


def test_carers_assessment_service_for_district() -> None:
    east = ServiceFactory(
        name="Community Navigation for Carers", districts=["canterbury", "thanet"], provides_carers_assessments=True
    )
    ServiceFactory(name="Community Navigation for Carers", districts=["maidstone"], status=Service.Status.INACTIVE)
    assert carers_assessment_service_for_district(district="thanet") == east
    assert carers_assessment_service_for_district(district="maidstone") is None
