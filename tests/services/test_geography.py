from __future__ import annotations

import pytest

from services.geography import ALL_DISTRICTS, AREAS, District, area_districts, postcode_normalise
from services.models import Location
from services.selectors.postcodes import PostcodeLocation
from services.selectors.search import distance_miles_expression


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ct5 1aa", "CT5 1AA"),
        ("  CT51AA ", "CT5 1AA"),
        ("me14  1xq", "ME14 1XQ"),
        ("br8 7aa", "BR8 7AA"),
        ("sw1a1aa", "SW1A 1AA"),
        ("", None),
        ("CT5", None),
        ("hello", None),
        ("CT5 1AAA", None),
        ("'; drop table--", None),
        ("x" * 1000, None),
    ],
)
def test_postcode_normalise(raw: str, expected: str | None) -> None:
    assert postcode_normalise(raw) == expected


def test_districts_are_the_twelve_kent_districts_plus_medway() -> None:
    assert len(District) == 13
    assert District.FOLKESTONE_AND_HYTHE == "folkestone-and-hythe"
    assert District.TONBRIDGE_AND_MALLING == "tonbridge-and-malling"
    assert "medway" in ALL_DISTRICTS


def test_areas_group_districts() -> None:
    assert set(AREAS["east-kent"].districts) == {
        "ashford",
        "canterbury",
        "dover",
        "folkestone-and-hythe",
        "swale",
        "thanet",
    }
    assert set(AREAS["thanet-south-kent-coast"].districts) == {"thanet", "dover", "folkestone-and-hythe"}
    assert len(AREAS["kent-and-medway"].districts) == 13
    assert area_districts("swale") == ("swale",)
    assert area_districts("nowhere") is None
    for area in AREAS.values():
        assert set(area.districts) <= set(ALL_DISTRICTS)


@pytest.mark.django_db
def test_search_distance_is_as_the_crow_flies() -> None:
    """The distance the search sorts by, worked out by PostgreSQL (services.selectors.search)."""
    Location.objects.create(name="Maidstone", latitude=51.2720, longitude=0.5290)
    canterbury = PostcodeLocation(postcode="CT1 1AA", latitude=51.2802, longitude=1.0789, district="canterbury")
    miles = Location.objects.annotate(miles=distance_miles_expression(canterbury, prefix="")).get().miles
    # Canterbury to Maidstone is roughly 25 miles as the crow flies.
    assert 20 < miles < 28
