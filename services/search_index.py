"""An index of the open services, kept in each process's memory, that answers directory searches.

A search made PostgreSQL read, test, count and sort (or rank) every matching service, or every place in the radius
and its service, for each page: 6 to 10 ms for 10,000 services. Here a search is a few operations on bit sets, one per
category, district, audience and lexeme, over the services in name order (bit i is the i-th service by name, then id,
as PostgreSQL orders them); places are read from stripes of longitude near the postcode, or for each of the few
services the filters leave; words are matched and ranked as PostgreSQL does it (services.fulltext). The index keeps
what each result shows too, so an uncached search page needs one query: the index's version.

The index is reloaded when the highest version in `services_searchindexversion` changes. Database triggers (migrations
0005 and 0006) add one, in the writing transaction, on every write to services, their categories, places, locations
and providers' names, so a process never searches an index older than the data it can see, whichever code (or SQL)
made the change. Writes to contacts, phones and opening times leave it alone. Versions come from a sequence, so a
rolled-back change never leaves a version number that names other data. A process reloads in a thread of its own
(most of a second for 10,000 services), searches going to SQL (selectors._search_sql) meanwhile; so do searches from
a postcode with no radius (every service's distance) and searches whose many matches PostgreSQL ranks sooner.
Tests compare this index's pages with the ORM's `services_search`, row for row.
"""

from __future__ import annotations

import bisect
import heapq
import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.db import connection, connections

from services import bitsets, fulltext
from services.geography import MILES_PER_DEGREE_LATITUDE
from services.models import Service

if TYPE_CHECKING:
    from services.selectors import PostcodeLocation

logger = logging.getLogger(__name__)

# Places are kept in stripes of longitude this wide (about a mile in Kent), so a search within a radius reads those
# near it rather than every place in a band of latitude right across the county.
STRIPE_DEGREES = 0.02

# One page of a search: (service id, distance in miles or None, covers the postcode's district), and the total.
Rows = list[tuple[int, float | None, bool]]


class Shown(NamedTuple):
    """What a search result shows of an open service (selectors.ResultItem)."""

    slug: str
    name: str
    summary: str
    status: str
    districts: list[str]
    accepts_self_referral: bool
    organisation_name: str
    place: str | None  # the town (or name) of its first place


@dataclass(frozen=True)
class FacetIndex:
    version: int
    ids: list[int]  # open services in (name, id) order: bit i of every set below is ids[i]
    every: int  # all of them
    by_category: dict[int, int]
    by_district: dict[str, int]
    by_audience: dict[str, int]
    without_place: int
    # The places with coordinates of open services, in stripes STRIPE_DEGREES of longitude wide (by the stripe's
    # westernmost longitude / STRIPE_DEGREES); in each, sorted by latitude: (latitudes, longitudes, service positions).
    place_stripes: dict[int, tuple[list[float], list[float], list[int]]]
    places_of: dict[int, list[tuple[float, float]]]  # the same places by service position
    postings: dict[str, fulltext.Postings] | None  # each lexeme's services (None: searches with words go to SQL)
    shown: dict[int, Shown]  # by service id

    def lexemes(self) -> dict[str, fulltext.Postings]:
        """The postings of searches with words (callers check `postings` first)."""
        if self.postings is None:
            raise ValueError("This index holds no search vectors")
        return self.postings

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


def _load(version: int) -> FacetIndex:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM services_searchindexversion WHERE version < %s", [version])  # the current one stays
        cursor.execute(
            "SELECT s.id, s.category_ids, s.districts, s.audiences, s.has_place, s.search_vector::text,"
            " s.slug, s.name, s.summary, s.status, s.accepts_self_referral, o.name,"
            " (SELECT COALESCE(NULLIF(l.city, ''), l.name) FROM services_serviceatlocation sal"
            "  JOIN services_location l ON l.id = sal.location_id WHERE sal.service_id = s.id ORDER BY sal.id LIMIT 1)"
            " FROM services_service s JOIN services_organisation o ON o.id = s.organisation_id"
            " WHERE s.status IN (%s, %s) ORDER BY s.name, s.id",
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
    vectors = fulltext.PostingsBuilder()
    shown: dict[int, Shown] = {}
    for position, row in enumerate(services):
        pk, category_ids, service_districts, service_audiences, has_place, vector = row[:6]
        slug, name, summary, status, self_referral, organisation_name, place = row[6:]
        ids.append(pk)
        vectors.add(position, vector)
        shown[pk] = Shown(slug, name, summary, status, service_districts, self_referral, organisation_name, place)
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
    stripes: dict[int, tuple[list[float], list[float], list[int]]] = {}
    places_of: dict[int, list[tuple[float, float]]] = {}
    for pk, lat, lng in places:  # by latitude
        if pk in position_of:
            stripe = stripes.setdefault(math.floor(lng / STRIPE_DEGREES), ([], [], []))
            stripe[0].append(lat)
            stripe[1].append(lng)
            stripe[2].append(position_of[pk])
            places_of.setdefault(position_of[pk], []).append((lat, lng))
    return FacetIndex(
        version=version,
        ids=ids,
        every=(1 << size) - 1,
        by_category={key: bitsets.bitset(value, size) for key, value in categories.items()},
        by_district={key: bitsets.bitset(value, size) for key, value in districts.items()},
        by_audience={key: bitsets.bitset(value, size) for key, value in audiences.items()},
        without_place=bitsets.bitset(without_place, size),
        place_stripes=stripes,
        places_of=places_of,
        postings=vectors.build(size) if vectors.complete else None,
        shown=shown,
    )


class _Holder:
    lock = threading.Lock()
    index: FacetIndex | None = None
    loader: threading.Thread | None = None


VERSION_SQL = "SELECT MAX(version) FROM services_searchindexversion"
NOT_READ = -1  # (versions come from a sequence: never negative)


def current_version(*, words: Sequence[str] = ()) -> int | None:
    """The version of the searchable filters and places (None when the table has been emptied and nothing written).

    In the same round trip, the lexemes of `words` this process does not know yet (for fulltext.query_build)."""
    unknown = fulltext.words_unknown(words)
    with connection.cursor() as cursor:
        if unknown:
            cursor.execute(f"SELECT ({VERSION_SQL}), {fulltext.LEXEMES_SQL}", [unknown])
        else:
            cursor.execute(VERSION_SQL)
        row = cursor.fetchone()
    if unknown and row:
        fulltext.lexemes_remember(unknown, row[1])
    return int(row[0]) if row and row[0] is not None else None


def facet_index(*, words: Sequence[str] = (), version: int | None = NOT_READ) -> FacetIndex | None:
    """This process's index if it holds the data as it is now (and the lexemes of `words`, see current_version), or
    as it was at `version` when the caller has just read that (selectors.search_postcode_lookup).

    Otherwise None, and the index is reloaded: in a thread of its own while SQL answers searches (loading 10,000
    services takes most of a second), or first, here, when settings.DIRECTORY_SEARCH_INDEX_IN_BACKGROUND is off.
    """
    if version == NOT_READ:
        version = current_version(words=words)
    if version is None:
        return None
    index = _Holder.index
    if index is not None and index.version == version:
        return index
    if settings.DIRECTORY_SEARCH_INDEX_IN_BACKGROUND:
        _load_in_background()
        return None
    with _Holder.lock:
        index = _Holder.index
        if index is None or index.version != version:
            # Loaded after reading the version: the data is at least as new as the version it is kept under.
            index = _Holder.index = _load(version)
    return index


def _load_in_background() -> None:
    """Start loading the index in a thread, unless one is already at it."""
    with _Holder.lock:
        if _Holder.loader is not None and _Holder.loader.is_alive():
            return
        _Holder.loader = threading.Thread(target=_load_current, name="search-index-loader", daemon=True)
        _Holder.loader.start()


def _load_current() -> None:
    started = time.monotonic()
    try:
        version = current_version()  # what this thread's own connection sees committed
        if version is not None and (_Holder.index is None or _Holder.index.version != version):
            _Holder.index = _load(version)
            logger.info("Search index loaded in %.0f ms", (time.monotonic() - started) * 1000)
    except Exception:  # never the request's problem: searches carry on in SQL
        logger.exception("The search index could not be loaded; searches use SQL meanwhile")
    finally:
        connections.close_all()  # this thread's connections only


def load_wait(timeout: float = 60) -> None:
    """Wait for a load started in the background to finish (benchmarks and tests)."""
    loader = _Holder.loader
    if loader is not None:
        loader.join(timeout)


def page_by_name(
    index: FacetIndex,
    *,
    start: int,
    size: int,
    category_id: int | None,
    districts: Sequence[str] | None,
    audience: str | None,
    query: fulltext.Query | None = None,
) -> tuple[Rows, int] | None:
    """A page of the services meeting every filter (and matching `query`), by name (by rank, highest first, then
    name, with a query), and how many there are; None when PostgreSQL would rank them sooner."""
    bits = index.matching(category_id=category_id, districts=districts, audience=audience)
    if query is None:
        rows: Rows = [(index.ids[position], None, False) for position in bitsets.set_bits_page(bits, start, size)]
        return rows, bits.bit_count()
    bits &= query.matching(index.lexemes())
    ranks = fulltext.ranks(query, index.lexemes(), bits)
    if ranks is None:
        return None
    ordered = heapq.nsmallest(start + size, ((-rank, position) for position, rank in ranks.items()))
    return [(index.ids[position], None, False) for _, position in ordered[start:]], len(ranks)


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
    query: fulltext.Query | None = None,
) -> tuple[Rows, int] | None:
    """A page of the services meeting every filter (and matching `query`) within `radius_miles` of `origin`, nearest
    first, and the total: those with a place in the radius (the nearest place counts), then those with no place that
    cover the postcode's district; ties by rank (with a query), then name. Distances are worked out as
    selectors._distance_sql works them out, so they are the same figures. None when PostgreSQL would rank them
    sooner."""
    bits = index.matching(category_id=category_id, districts=districts, audience=audience)
    if query is not None:
        bits &= query.matching(index.lexemes())
    covering = index.by_district.get(origin.district, 0) if origin.district else 0
    x_scale = math.cos(math.radians(origin.latitude))
    dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
    dlng = dlat / max(0.1, x_scale)
    low_lng, high_lng = origin.longitude - dlng, origin.longitude + dlng
    nearest: dict[int, float] = {}
    # Bytes to test one service's bit in (shifting a 10,000-bit number for each place costs more than the distance).
    length = (len(index.ids) + 7) // 8
    meets, covers = bits.to_bytes(length, "little"), covering.to_bytes(length, "little")
    low_lat, high_lat = origin.latitude - dlat, origin.latitude + dlat
    sqrt, power, infinity = math.sqrt, math.pow, math.inf

    def distance_to(lat: float, lng: float) -> float:
        return sqrt(power(lat - origin.latitude, 2) + power((lng - origin.longitude) * x_scale, 2)) * (
            MILES_PER_DEGREE_LATITUDE
        )

    # The places in the box around the radius, stripe by stripe...
    boxes = []
    for stripe in range(math.floor(low_lng / STRIPE_DEGREES), math.floor(high_lng / STRIPE_DEGREES) + 1):
        if stripe in index.place_stripes:
            latitudes = index.place_stripes[stripe][0]
            boxes.append((stripe, bisect.bisect_left(latitudes, low_lat), bisect.bisect_right(latitudes, high_lat)))
    matching = bits.bit_count()
    if matching < sum(last - first for _, first, last in boxes) // 2:
        # ...unless the filters and words leave fewer services than that: then each one's places.
        for position in bitsets.set_bits(bits):
            for lat, lng in index.places_of.get(position, ()):
                if low_lat <= lat <= high_lat and low_lng <= lng <= high_lng:
                    distance = distance_to(lat, lng)
                    if distance <= radius_miles and distance < nearest.get(position, infinity):
                        nearest[position] = distance
    else:
        for stripe, first, last in boxes:
            latitudes, longitudes, positions = index.place_stripes[stripe]
            for i in range(first, last):
                lng = longitudes[i]
                if lng < low_lng or lng > high_lng:
                    continue
                position = positions[i]
                if not (meets[position >> 3] >> (position & 7)) & 1:
                    continue
                distance = distance_to(latitudes[i], lng)
                if distance <= radius_miles and distance < nearest.get(position, infinity):
                    nearest[position] = distance

    def covers_origin(position: int) -> int:
        return (covers[position >> 3] >> (position & 7)) & 1

    without_place = bits & index.without_place & covering
    total = len(nearest) + without_place.bit_count()
    if query is None:
        near = heapq.nsmallest(
            start + size, [(distance, -covers_origin(position), position) for position, distance in nearest.items()]
        )
        rows: Rows = [(index.ids[position], distance, bool(-covers)) for distance, covers, position in near[start:]]
        if len(rows) < size:
            from_start = max(0, start - len(nearest))
            rows += [
                (index.ids[position], None, True)
                for position in bitsets.set_bits_page(without_place, from_start, size - len(rows))
            ]
        return rows, total
    away = bitsets.set_bits(without_place)
    candidates = [*nearest, *away]
    ranks = fulltext.ranks(query, index.lexemes(), bitsets.bitset(candidates, len(index.ids)), candidates)
    if ranks is None:
        return None
    by_distance = sorted(
        (distance, -covers_origin(position), -ranks[position], position) for position, distance in nearest.items()
    )
    ordered: list[tuple[int, float | None, bool]] = [
        (position, distance, bool(-covers)) for distance, covers, _, position in by_distance
    ]
    ordered += [(position, None, True) for _, position in sorted((-ranks[position], position) for position in away)]
    rows = [(index.ids[position], distance, covers) for position, distance, covers in ordered[start : start + size]]
    return rows, total
