from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from services.demo import DIRECTORY_FILE, DirectoryFileError, demo_seed, directory_load
from services.geography import ALL_DISTRICTS
from services.models import Location, Organisation, Phone, Schedule, Service, ServiceAtLocation, TaxonomyTerm

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
        "Crossroads Care Kent",
        "Advocacy for All",
    ]:
        assert Organisation.objects.filter(name=name).exists(), name


def test_every_record_in_the_directory_file_names_its_source() -> None:
    data = directory_load()
    records = [*data["organisations"], *data["places"].values(), *data["services"]]
    assert all(record["source"] for record in records)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["services"][0].pop("source"), "needs a source"),
        (lambda d: d["services"][0].update(source="999 §1"), "needs a source"),
        (lambda d: d["services"][0].update(area="atlantis"), "unknown area"),
        (lambda d: d["services"][0].update(places=["nowhere"]), "unknown places"),
        (lambda d: d["services"][0].update(hours=[{"days": "mon", "opens": "9am", "closes": "17:00"}]), "24-hour"),
        (lambda d: d["services"][0].update(opening="always"), "unknown fields"),
        (lambda d: d["places"]["whitstable"].pop("source"), "place whitstable"),
        (lambda d: d["services"][0].update(need_levels=["very high"]), "need_levels must be among"),
        (lambda d: d["services"][0].update(valid_until="next spring"), "valid_until is a date"),
        (lambda d: d["services"][0].update(instead="nowhere"), "instead names unknown service nowhere"),
        (
            lambda d: d["services"][0].update(
                changes=[{"takes_effect_on": "soon", "status": "decided", "source": "000 §6"}]
            ),
            "takes_effect_on",
        ),
        (
            lambda d: d["services"][0].update(changes=[{"takes_effect_on": date(2026, 4, 1), "status": "decided"}]),
            "change of 2026-04-01",
        ),
        (lambda d: d["services"][0].update(changes=[{"source": "000 §6"}]), "status is one of"),
        (lambda d: d["services"][0].update(changes=[{"status": "decided", "source": "000 §6"}]), "a proposal may have"),
        (lambda d: d["services"][0].update(phone="01632 960999"), "placeholder phone is a drama number"),
        (lambda d: d["services"][0].update(source="000 §1; phone: placeholder"), "placeholder phone is a drama number"),
        (lambda d: d["report_dates"].pop("003"), "give the date of every report"),
    ],
)
def test_mistakes_in_the_directory_file_are_named(tmp_path: Path, change: object, message: str) -> None:
    data = yaml.safe_load(DIRECTORY_FILE.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    broken = tmp_path / "directory.yaml"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DirectoryFileError, match=message):
        directory_load(broken)


def test_a_service_retired_from_the_demo_is_closed_in_an_older_database() -> None:
    from tests.services.factories import ServiceFactory

    old = ServiceFactory(slug="carers-groups-east-kent", name="Carers' support groups in east Kent")
    demo_seed()
    old.refresh_from_db()
    assert old.status == Service.Status.INACTIVE
