from __future__ import annotations

import pytest

from services.demo import demo_seed
from services.geography import ALL_DISTRICTS
from services.models import Location, Organisation, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from services.selectors import carers_assessment_service_for_district, services_for_carer

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Organisation, Service, TaxonomyTerm, Location, ServiceAtLocation, Phone, Schedule)
    )


def test_demo_directory_is_complete_and_idempotent() -> None:
    demo_seed()
    first = counts()
    demo_seed()
    assert counts() == first
    assert Organisation.objects.count() >= 15
    assert Service.objects.count() >= 25
    for service in Service.objects.prefetch_related("categories"):
        assert service.description, service.slug
        assert service.summary, service.slug
        assert service.districts, service.slug
        assert set(service.districts) <= set(ALL_DISTRICTS)
        assert list(service.categories.all()), service.slug
        assert service.search_vector, service.slug
    for name in [
        "Social Enterprise Kent",
        "Involve Kent",
        "Imago Community",
        "Carers Support East Kent",
        "Porchlight",
        "Shaw Trust",
        "Alzheimer's and Dementia Support Services",
        "Age UK Herne Bay and Whitstable",
        "Disability Assist",
        "Kent Association for the Blind",
        "Hi Kent",
        "British Sign Language Community CIC",
        "Positive Wellbeing",
        "Crossroads Care",
    ]:
        assert Organisation.objects.filter(name=name).exists(), name


def test_every_kent_district_has_a_carers_assessment_service() -> None:
    demo_seed()
    for district in ALL_DISTRICTS:
        found = carers_assessment_service_for_district(district=district)
        if district == "medway":  # Medway Council commissions its own
            assert found is None
        else:
            assert found is not None, district
            assert found.name == "Community Navigation for Carers"
            assert found.accepts_self_referral


def test_services_for_a_carer_of_someone_with_dementia_in_canterbury() -> None:
    demo_seed()
    found = services_for_carer(district="canterbury", conditions=["dementia"])
    assert len(found) == 6
    assert "dementia" in found[0].conditions
    assert all("canterbury" in s.districts for s in found)
    assert "Community Navigation for Carers" not in [s.name for s in found]
