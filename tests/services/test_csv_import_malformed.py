"""A malformed services CSV gets a clear error naming the row, never a 500 (security review 2026-12-07, low 7)."""

from __future__ import annotations

from typing import Any

import pytest

from services.models import Service
from services.services.csv_import import services_csv_import

pytestmark = pytest.mark.usefixtures("demo_directory")

HEADER = "slug,name,organisation,status,districts,categories,minimum_age,description\n"
GOOD_ROW = "good-one,Good one,Kent County Council,active,canterbury,,,A good row\n"


@pytest.mark.parametrize(
    ("bad_row", "expected"),
    [
        (f"huge,Huge,Kent County Council,active,canterbury,,,{'x' * 131_073}\n", "Row 3: a cell is longer than"),
        ("nul,Nul,Kent County Council,active,canterbury,,,with a \x00 byte\n", "Row 3: the row has a NUL character"),
    ],
    ids=["field-over-131072-characters", "nul-byte"],
)
def test_a_malformed_row_is_named_and_nothing_is_saved(bad_row: str, expected: str) -> None:
    result = services_csv_import(data=(HEADER + GOOD_ROW + bad_row).encode())
    assert any(error.startswith(expected) for error in result.errors), result.errors
    assert not Service.objects.filter(slug="good-one").exists()


def test_a_nul_byte_in_the_header_is_reported_not_raised(db: Any) -> None:
    result = services_csv_import(data=b"slug,na\x00me,organisation\nx,y,z\n")
    assert result.errors
    assert result.errors[0].startswith("Row 1:")
