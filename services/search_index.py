"""An index of the open services' filters and places, kept in each process's memory, for searches without words.

A search by category, area, audience or distance alone made PostgreSQL read, test, count and sort every open service
(or every place in the radius and its service) for each page: 6 to 10 ms for 10,000 services. Here the same search is a
few operations on bit sets, one per category, district and audience, over the services in name order (bit i is the
i-th service by name, then id, as PostgreSQL orders them), and a walk along the places sorted by latitude.

The index is reloaded when the highest version in `services_searchindexversion` changes. Database triggers (migration
0005) add one, in the writing transaction, on every write to services, their categories, places and locations, so a
process never searches an index older than the data it can see, whichever code (or SQL) made the change. Writes to
contacts, phones and opening times leave it alone. Versions come from a sequence, so a rolled-back change never
leaves a version number that names other data.

Searches with words are ranked by PostgreSQL's full-text search and stay in SQL (selectors._search_sql); so do
searches from a postcode with no radius (every service's distance). Tests compare this index's pages with the ORM's
`services_search`, row for row.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection

from services.geography import MILES_PER_DEGREE_LATITUDE
from services.models import Service

if TYPE_CHECKING:
    from services.selectors import PostcodeLocation

# One page of a search: (service id, distance in miles or None, covers the postcode's district), and the total.
Rows = list[tuple[int, float | None, bool]]


@dataclass(frozen=True)
class FacetIndex:
    version: int
    ids: list[int]  # open services in (name, id) order: bit i of every set below is ids[i]
    every: int  # all of them
    by_category: dict[int, int]
    by_district: dict[str, int]
    by_audience: dict[str, int]
    without_place: int
    place_latitudes: list[float]  # places with coordinates, sorted by latitude...
    place_longitudes: list[float]
    place_positions: list[int]  # ...and the position of their (open) service

    def matching(self, *, category_id: int | None, districts: Sequence[str] | None, audience: str | None) -> int:
        bits = self.every
        if category_id is not None:
            bits &= self.by_category.get(category_id, 0)
        if districts:
            area = 0
            for district in districts:
                area |= self.by_district.get(district, 0)
            bits &= area
        if audience:
            bits &= self.by_audience.get(audience, 0)
        return bits


def _bitset(positions: list[int], size: int) -> int:
    flags = bytearray((size + 7) // 8)
    for position in positions:
        flags[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(flags, "little")


def _load(version: int) -> FacetIndex:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_searchindexversion WHERE version < %s", [version])  # the current one stays
        cursor.execute(
            "SELECT id, category_ids, districts, audiences, has_place FROM services_service"
            " WHERE status IN (%s, %s) ORDER BY name, id",
            list(Service.OPEN_STATUSES),
        )
        services = cursor.fetchall()
        cursor.execute(
            "SELECT sal.service_id, l.latitude, l.longitude FROM services_serviceatlocation sal"
            " JOIN services_location l ON l.id = sal.location_id"
            " WHERE l.latitude IS NOT NULL AND l.longitude IS NOT NULL ORDER BY l.latitude"
        )
        places = cursor.fetchall()
    ids: list[int] = []
    categories: dict[int, list[int]] = {}
    districts: dict[str, list[int]] = {}
    audiences: dict[str, list[int]] = {}
    without_place: list[int] = []
    for position, (pk, category_ids, service_districts, service_audiences, has_place) in enumerate(services):
        ids.append(pk)
        for category_id in category_ids:
            categories.setdefault(category_id, []).append(position)
        for district in service_districts:
            districts.setdefault(district, []).append(position)
        for audience in service_audiences:
            audiences.setdefault(audience, []).append(position)
        if not has_place:
            without_place.append(position)
    size = len(ids)
    position_of = {pk: position for position, pk in enumerate(ids)}
    open_places = [(lat, lng, position_of[pk]) for pk, lat, lng in places if pk in position_of]
    return FacetIndex(
        version=version,
        ids=ids,
        every=(1 << size) - 1,
        by_category={key: _bitset(value, size) for key, value in categories.items()},
        by_district={key: _bitset(value, size) for key, value in districts.items()},
        by_audience={key: _bitset(value, size) for key, value in audiences.items()},
        without_place=_bitset(without_place, size),
        place_latitudes=[lat for lat, _, _ in open_places],
        place_longitudes=[lng for _, lng, _ in open_places],
        place_positions=[position for _, _, position in open_places],
    )


class _Holder:
    lock = threading.Lock()
    index: FacetIndex | None = None


def current_version() -> int | None:
    """The version of the searchable filters and places (None when the table has been emptied and nothing written)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(version) FROM services_searchindexversion")
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else None


def facet_index() -> FacetIndex | None:
    """This process's index, reloaded first if the data has changed since it was loaded."""
    version = current_version()
    if version is None:
        return None
    index = _Holder.index
    if index is None or index.version != version:
        with _Holder.lock:
            index = _Holder.index
            if index is None or index.version != version:
                # Loaded after reading the version: the data is at least as new as the version it is kept under.
                index = _Holder.index = _load(version)
    return index


def _set_bits(bits: int, start: int, size: int) -> list[int]:
    """Positions of the set bits of `bits`, lowest first, from the `start`-th to the (`start` + `size`)-th."""
    if start:
        # The lowest bits holding `start` set bits, found by halving (each step counts the bits under a mask).
        low, high = 0, bits.bit_length()
        while low < high:
            middle = (low + high) // 2
            if (bits & ((1 << middle) - 1)).bit_count() < start:
                low = middle + 1
            else:
                high = middle
        bits >>= low
        offset = low
    else:
        offset = 0
    positions: list[int] = []
    while bits and len(positions) < size:
        lowest = bits & -bits
        position = lowest.bit_length() - 1
        positions.append(offset + position)
        bits ^= lowest
    return positions


def page_by_name(
    index: FacetIndex,
    *,
    start: int,
    size: int,
    category_id: int | None,
    districts: Sequence[str] | None,
    audience: str | None,
) -> tuple[Rows, int]:
    """A page of the services meeting every filter, by name, and how many there are."""
    bits = index.matching(category_id=category_id, districts=districts, audience=audience)
    rows: Rows = [(index.ids[position], None, False) for position in _set_bits(bits, start, size)]
    return rows, bits.bit_count()


def page_within(
    index: FacetIndex,
    *,
    start: int,
    size: int,
    category_id: int | None,
    districts: Sequence[str] | None,
    audience: str | None,
    origin: PostcodeLocation,
    radius_miles: float,
) -> tuple[Rows, int]:
    """A page of the services meeting every filter within `radius_miles` of `origin`, nearest first, and the total:
    those with a place in the radius (the nearest place counts), then those with no place that cover the postcode's
    district. Distances are worked out as selectors._distance_sql works them out, so they are the same figures."""
    bits = index.matching(category_id=category_id, districts=districts, audience=audience)
    covering = index.by_district.get(origin.district, 0) if origin.district else 0
    x_scale = math.cos(math.radians(origin.latitude))
    dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
    dlng = dlat / max(0.1, x_scale)
    low_lng, high_lng = origin.longitude - dlng, origin.longitude + dlng
    nearest: dict[int, float] = {}
    latitudes, longitudes, positions = index.place_latitudes, index.place_longitudes, index.place_positions
    # Bytes to test one service's bit in (shifting a 10,000-bit number for each place costs more than the distance).
    length = (len(index.ids) + 7) // 8
    meets, covers = bits.to_bytes(length, "little"), covering.to_bytes(length, "little")
    first = bisect.bisect_left(latitudes, origin.latitude - dlat)
    last = bisect.bisect_right(latitudes, origin.latitude + dlat)
    for i in range(first, last):
        lng = longitudes[i]
        if lng < low_lng or lng > high_lng:
            continue
        position = positions[i]
        if not (meets[position >> 3] >> (position & 7)) & 1:
            continue
        lat = latitudes[i]
        distance = (
            math.sqrt(math.pow(lat - origin.latitude, 2) + math.pow((lng - origin.longitude) * x_scale, 2))
            * MILES_PER_DEGREE_LATITUDE
        )
        if distance <= radius_miles and distance < nearest.get(position, math.inf):
            nearest[position] = distance

    def covers_origin(position: int) -> int:
        return (covers[position >> 3] >> (position & 7)) & 1

    near = sorted(nearest.items(), key=lambda item: (item[1], -covers_origin(item[0]), item[0]))
    without_place = bits & index.without_place & covering
    total = len(near) + without_place.bit_count()
    rows: Rows = [
        (index.ids[position], distance, bool(covers_origin(position)))
        for position, distance in near[start : start + size]
    ]
    if len(rows) < size:
        from_start = max(0, start - len(near))
        rows += [
            (index.ids[position], None, True) for position in _set_bits(without_place, from_start, size - len(rows))
        ]
    return rows, total
