"""Reads for postcodes: where a postcode (or its outward code) is and which district it is in."""

from __future__ import annotations

from dataclasses import dataclass

from services.geography import (
    outward_code,
    outward_code_normalise,
    postcode_normalise,
)
from services.models import (
    Postcode,
)


@dataclass(frozen=True)
class PostcodeLocation:
    postcode: str
    latitude: float
    longitude: float
    district: str
    # False when only the outward code (e.g. "CT5") was found: the centre of that postcode district.
    exact: bool = True

    @property
    def outward_code(self) -> str:
        return outward_code(self.postcode)


def postcode_lookup(*, postcode: str) -> PostcodeLocation | None:
    """Coordinates and district of a postcode: the full postcode first, else its outward code centroid.

    Accepts a full postcode in any case or spacing, or an outward code alone ("CT5").
    None when the value is not a postcode or is unknown.
    """
    full = postcode_normalise(postcode)
    shown = full or outward_code_normalise(postcode)
    if shown is None:
        return None
    candidates = [full, outward_code(full)] if full else [shown]
    found = {row.postcode: row for row in Postcode.objects.filter(postcode__in=candidates)}
    for code in candidates:
        if code in found:
            row = found[code]
            return PostcodeLocation(
                postcode=shown,
                latitude=row.latitude,
                longitude=row.longitude,
                district=row.district,
                exact=row.kind == Postcode.Kind.FULL,
            )
    return None
