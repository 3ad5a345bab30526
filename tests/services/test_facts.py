"""Every phone number the portal shows is from the council reports or a number reserved for drama.

The reports are in ../shared/seeds/ (see the `reports` list in services/data/directory.yaml). A number
that is in neither list would ring a real person who has nothing to do with the service.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from services.models import Phone
from tests.services.support import NUMBER_RE, REPORT_NUMBERS

ROOT = Path(__file__).resolve().parents[2]


# Ofcom's numbers for drama (TV, radio and film), which are never given to anyone.
DRAMA_RANGES: dict[str, re.Pattern[str]] = {
    "01632 960000 to 960999": re.compile(r"^01632960\d{3}$"),
    "020 7946 0000 to 0999": re.compile(r"^02079460\d{3}$"),
    "0113 to 0161 496 0000 to 0999": re.compile(r"^01(13|14|15|16|17|18|21|31|41|51|61)4960\d{3}$"),
    "07700 900000 to 900999": re.compile(r"^07700900\d{3}$"),
    "08081 570000 to 570999": re.compile(r"^08081570\d{3}$"),
    "0909 8790000 to 8790999": re.compile(r"^09098790\d{3}$"),
    "03069 990000 to 990999": re.compile(r"^03069990\d{3}$"),
}


SCANNED = [
    *sorted((ROOT / "templates").rglob("*.html")),
    *sorted((ROOT / "templates").rglob("*.txt")),
    ROOT / "services" / "data" / "directory.yaml",
    ROOT / "services" / "referrals" / "demo.py",
    ROOT / "accounts" / "demo.py",
    ROOT / "consultations" / "demo.py",
    ROOT / "consultations" / "data" / "demo_consultations.json",
]


def normalise(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number)
    return "0" + digits[3:] if digits.startswith("+44") else digits


def why_allowed(number: str) -> str | None:
    """Where an allowed number comes from; None for a number that could belong to someone."""
    digits = normalise(number)
    if digits in REPORT_NUMBERS:
        return REPORT_NUMBERS[digits]
    for label, pattern in DRAMA_RANGES.items():
        if pattern.match(digits):
            return f"Ofcom drama range {label}"
    return None


def numbers_in(text: str) -> list[str]:
    return [match.group(0) for match in NUMBER_RE.finditer(text)]


def test_the_checker_tells_real_looking_numbers_from_allowed_ones() -> None:
    assert numbers_in("Phone 03000 41 81 81 or tel:+443000416161, text relay 18001 03000 41 61 61.") == [
        "03000 41 81 81",
        "+443000416161",
        "03000 41 61 61",
    ]
    assert why_allowed("03000 41 81 81") is None  # the made-up Community Wardens number
    assert why_allowed("03000 41 31 31") is None
    assert why_allowed("01632 960 001") is not None
    assert why_allowed("+44 3000 41 91 91") is not None
    assert why_allowed("01632 970000") is None  # next to the drama range, not in it


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_phone_number_in_templates_and_demo_data_is_allowed(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    unknown = [number for number in numbers_in(text) if why_allowed(number) is None]
    assert not unknown, f"{path.relative_to(ROOT)}: not in the reports or a drama range: {unknown}"


def test_the_scan_finds_the_numbers_it_should() -> None:
    """Guards the scan itself: the files that show numbers are read and their numbers found."""
    found = {normalise(n) for path in SCANNED for n in numbers_in(path.read_text(encoding="utf-8"))}
    assert set(REPORT_NUMBERS) <= found  # every report number is used somewhere
    assert "01632960118" in found  # a demo placeholder, from the directory file


@pytest.mark.django_db
def test_every_phone_number_in_the_loaded_demo_directory_is_allowed() -> None:
    from services.demo import demo_seed

    demo_seed()
    numbers = list(Phone.objects.values_list("number", "description"))
    assert numbers
    for number, description in numbers:
        assert why_allowed(number) is not None, number
        for in_description in numbers_in(description):
            assert why_allowed(in_description) is not None, in_description
