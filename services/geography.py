"""Kent and Medway geography: districts, commissioning areas and postcode rules.

Contracts cover different groupings of districts, so a service's coverage is stored as a set of
districts and these named areas only exist to make filtering easy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models

MILES_PER_DEGREE_LATITUDE = 69.05  # distances are worked out on a flat map scaled to the origin's latitude


class District(models.TextChoices):
    ASHFORD = "ashford", "Ashford"
    CANTERBURY = "canterbury", "Canterbury"
    DARTFORD = "dartford", "Dartford"
    DOVER = "dover", "Dover"
    FOLKESTONE_AND_HYTHE = "folkestone-and-hythe", "Folkestone and Hythe"
    GRAVESHAM = "gravesham", "Gravesham"
    MAIDSTONE = "maidstone", "Maidstone"
    SEVENOAKS = "sevenoaks", "Sevenoaks"
    SWALE = "swale", "Swale"
    THANET = "thanet", "Thanet"
    TONBRIDGE_AND_MALLING = "tonbridge-and-malling", "Tonbridge and Malling"
    TUNBRIDGE_WELLS = "tunbridge-wells", "Tunbridge Wells"
    MEDWAY = "medway", "Medway"


KENT_DISTRICTS: tuple[str, ...] = tuple(d.value for d in District if d != District.MEDWAY)
ALL_DISTRICTS: tuple[str, ...] = tuple(d.value for d in District)


@dataclass(frozen=True)
class Area:
    """A named grouping of districts used in contracts (a filter, not a boundary)."""

    slug: str
    label: str
    districts: tuple[str, ...]


D = District
_AREA_LIST: tuple[Area, ...] = (
    Area("kent-and-medway", "Kent and Medway", ALL_DISTRICTS),
    Area("kent", "Kent (all 12 districts)", KENT_DISTRICTS),
    Area(
        "east-kent",
        "East Kent",
        (D.ASHFORD, D.CANTERBURY, D.DOVER, D.FOLKESTONE_AND_HYTHE, D.SWALE, D.THANET),
    ),
    Area("west-kent", "West Kent", (D.MAIDSTONE, D.SEVENOAKS, D.TONBRIDGE_AND_MALLING, D.TUNBRIDGE_WELLS)),
    Area("north-kent", "North Kent", (D.DARTFORD, D.GRAVESHAM, D.SWALE)),
    # Swanley is a town in Sevenoaks district, so the DGS grouping includes Sevenoaks.
    Area("dartford-gravesham-swanley", "Dartford, Gravesham and Swanley", (D.DARTFORD, D.GRAVESHAM, D.SEVENOAKS)),
    Area(
        "dartford-gravesham-swanley-swale",
        "Dartford, Gravesham, Swanley and Swale",
        (D.DARTFORD, D.GRAVESHAM, D.SEVENOAKS, D.SWALE),
    ),
    Area("swale", "Swale", (D.SWALE,)),
    Area("thanet-south-kent-coast", "Thanet and South Kent Coast", (D.THANET, D.DOVER, D.FOLKESTONE_AND_HYTHE)),
    Area("ashford-canterbury-coastal", "Ashford and Canterbury Coastal", (D.ASHFORD, D.CANTERBURY)),
    Area("medway", "Medway", (D.MEDWAY,)),
)
AREAS: dict[str, Area] = {
    area.slug: Area(area.slug, area.label, tuple(str(d) for d in area.districts)) for area in _AREA_LIST
}


@dataclass(frozen=True)
class Locality:
    """A town inside a district that a contract treats apart from the rest of it, by its postcode districts."""

    slug: str
    label: str
    district: str
    outward_codes: tuple[str, ...]


# The 2019 Community Navigation contracts were lotted on the old CCG areas (seed 001 §6.6; seed 002 §1.3):
# "Dartford, Gravesham and Swanley" takes in Swanley (postcode district BR8), a town in Sevenoaks district,
# while the rest of Sevenoaks is in West Kent.
LOCALITIES: dict[str, Locality] = {
    "swanley": Locality("swanley", "Swanley", District.SEVENOAKS.value, ("BR8",)),
}
LOCALITY_CHOICES: list[tuple[str, str]] = [(loc.slug, loc.label) for loc in LOCALITIES.values()]


def locality_for_outward_code(code: str) -> str | None:
    """The locality slug for an outward code ("BR8" -> "swanley"); None for everywhere else."""
    for locality in LOCALITIES.values():
        if code in locality.outward_codes:
            return locality.slug
    return None


# Kept separate from districts in the filter: "swale" and "medway" are both an area and a district.
AREA_CHOICES: list[tuple[str, str]] = [(a.slug, a.label) for a in AREAS.values() if a.slug not in ALL_DISTRICTS]


def area_districts(value: str) -> tuple[str, ...] | None:
    """Districts for a district slug or a commissioning area slug; None when unknown."""
    if value in ALL_DISTRICTS:
        return (value,)
    area = AREAS.get(value)
    return area.districts if area else None


def area_label(value: str) -> str | None:
    if value in ALL_DISTRICTS:
        return str(District(value).label)
    area = AREAS.get(value)
    return area.label if area else None


def district_label(value: str) -> str:
    try:
        return str(District(value).label)
    except ValueError:
        return value


# The UK postcode format: outward code (area, district) then inward code (sector, unit).
_POSTCODE_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def postcode_normalise(value: str) -> str | None:
    """Upper case with a single space ("ct51aa" -> "CT5 1AA"); None when not a valid UK postcode."""
    if not isinstance(value, str) or len(value) > 16:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    match = _POSTCODE_RE.match(compact)
    if not match:
        return None
    return f"{match.group(1)} {match.group(2)}"


def outward_code_normalise(value: str) -> str | None:
    """An outward code on its own ("ct5" -> "CT5"); None when it is not one."""
    if not isinstance(value, str) or len(value) > 8:
        return None
    compact = re.sub(r"\s+", "", value).upper()
    return compact if _OUTWARD_RE.match(compact) else None


def outward_code(postcode: str) -> str:
    """The outward code of a normalised postcode."""
    return postcode.split(" ", 1)[0]


# The postcode areas that cover Kent and Medway (domain brief, "Geography"): ME, CT, TN and DA, and Swanley's BR8.
# A postcode outside them is outside every district the portal knows, even when it cannot be placed.
KENT_AND_MEDWAY_POSTCODE_AREAS = ("ME", "CT", "TN", "DA")
KENT_AND_MEDWAY_OTHER_OUTWARD_CODES = ("BR8",)


def postcode_in_kent_and_medway(postcode: str) -> bool:
    """Whether a postcode (full, or an outward code alone) is in a postcode area that covers Kent and Medway."""
    normalised = postcode_normalise(postcode) or outward_code_normalise(postcode)
    if normalised is None:
        return False
    outward = outward_code(normalised)
    area = "".join(ch for ch in outward[:2] if ch.isalpha())
    return area in KENT_AND_MEDWAY_POSTCODE_AREAS or outward in KENT_AND_MEDWAY_OTHER_OUTWARD_CODES


def postcode_locality(postcode: str) -> str | None:
    """The town (locality) a postcode is in, where a service may cover only part of a district."""
    return locality_for_outward_code(outward_code(postcode)) if postcode else None


METRES_PER_MILE = 1609.344
