"""Reads for the service directory (used by views, the API and other apps)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import math
import operator
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Power, Sqrt
from django.http import QueryDict
from django.utils import timezone

from services import fulltext, search_index
from services.geography import (
    MILES_PER_DEGREE_LATITUDE,
    covers,
    locality_for_outward_code,
    outward_code,
    outward_code_normalise,
    postcode_normalise,
)
from services.models import (
    Audience,
    Location,
    Organisation,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    running_on,
)
from services.presentation import coverage_text, distance_text
from services.spelling import Correction, query_correct

DIRECTORY_TAXONOMY_NAME = "Kent Carers and Wellbeing Portal categories"


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


def _postcode_candidates(postcode: str) -> tuple[list[str], str] | None:
    """The codes to look a postcode up by (the full postcode, then its outward code) and how to show it; None when it
    is not a postcode."""
    full = postcode_normalise(postcode)
    if full is not None:
        return [full, outward_code(full)], full
    outward = outward_code_normalise(postcode)
    return ([outward], outward) if outward is not None else None


def _postcode_found(candidates: list[str], shown: str, rows: Iterable[Sequence[Any]]) -> PostcodeLocation | None:
    """The first of `candidates` among `rows` (postcode, latitude, longitude, district, kind)."""
    by_code = {row[0]: row for row in rows}
    for code in candidates:
        if code in by_code:
            _, latitude, longitude, district, kind = by_code[code]
            return PostcodeLocation(
                postcode=shown,
                latitude=latitude,
                longitude=longitude,
                district=district,
                exact=kind == Postcode.Kind.FULL,
            )
    return None


# Plain SQL: every search from a postcode runs this, and compiling it through the ORM took four times as long as
# running it.
_POSTCODE_SQL = (
    f"SELECT postcode, latitude, longitude, district, kind FROM {Postcode._meta.db_table} WHERE postcode = ANY(%s)"  # noqa: S608
)


def postcode_lookup(*, postcode: str) -> PostcodeLocation | None:
    """Coordinates and district of a postcode: the full postcode first, else its outward code centroid.

    Accepts a full postcode in any case or spacing, or an outward code alone ("CT5").
    None when the value is not a postcode or is unknown.
    """
    lookup = _postcode_candidates(postcode)
    if lookup is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_POSTCODE_SQL, [lookup[0]])
        return _postcode_found(*lookup, cursor.fetchall())


def search_postcode_lookup(
    *, postcode: str, query: str = "", versions: DirectoryVersions | None = None
) -> tuple[PostcodeLocation | None, int | None]:
    """`postcode_lookup` for a search, and in the same round trip what the search then needs of the database: the
    search index's version (with the lexemes of its words this process has not seen), for `services_search_page`."""
    lookup = _postcode_candidates(postcode)
    if lookup is None:
        return None, search_index.NOT_READ
    correction = query_correct(query, version=versions.vocabulary if versions else None) if query.strip() else None
    unknown = fulltext.words_unknown(fulltext.query_words(correction, query)) if correction else []
    rows = (
        "SELECT json_agg(json_build_array(p.postcode, p.latitude, p.longitude, p.district, p.kind))"  # noqa: S608
        f" FROM ({_POSTCODE_SQL}) p"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({rows}), ({search_index.VERSION_SQL}), {fulltext.LEXEMES_SQL}", [lookup[0], unknown])
        found, version, tsqueries = cursor.fetchone() or (None, None, [])
    fulltext.lexemes_remember(unknown, tsqueries)
    return _postcode_found(*lookup, [tuple(row) for row in found or []]), version


def services_for_carer(*, district: str, conditions: Sequence[str], limit: int = 6) -> list[Service]:
    """Active services covering `district` for a carer: those for the cared-for person's conditions first,
    then services for carers in general."""
    conditions = [c for c in conditions if c]
    relevant = Q(audiences__contains=[Audience.CARERS])
    if conditions:
        relevant |= Q(conditions__overlap=list(conditions))
    rank = (
        Case(When(conditions__overlap=list(conditions), then=Value(0)), default=Value(1), output_field=IntegerField())
        if conditions
        else Value(0, output_field=IntegerField())
    )
    return list(
        Service.objects.filter(running_on(timezone.localdate()))
        .filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(relevant)
        .exclude(provides_carers_assessments=True)
        .select_related("organisation")
        .annotate(match_rank=rank)
        .order_by("match_rank", "name", "pk")[: max(0, limit)]
    )


CARERS_ASSESSMENT_SERVICE_NAME = "Community Navigation for Carers"


def carers_assessment_service_for_district(*, district: str, postcode: str = "") -> Service | None:
    """The active "Community Navigation for Carers" service covering `district` (carers' assessments go there).

    With a postcode, a service for the postcode's town (Swanley in Sevenoaks district) is chosen over one for
    the whole district, and a service for another town in the district is left out.
    """
    locality = locality_for_outward_code(outward_code(postcode)) if postcode else None
    candidates = (
        Service.objects.filter(running_on(timezone.localdate()))
        .filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(Q(provides_carers_assessments=True) | Q(name__iexact=CARERS_ASSESSMENT_SERVICE_NAME))
        .select_related("organisation")
        .order_by("-provides_carers_assessments", "pk")
    )
    covering = [
        s
        for s in candidates
        if covers(districts=s.districts, localities=s.localities, district=district, locality=locality)
    ]
    covering.sort(key=lambda s: locality is None or locality not in s.localities)  # stable: keeps the order above
    return covering[0] if covering else None


# --- Search ---------------------------------------------------------------------------------

RADIUS_CHOICES_MILES = (1, 2, 5, 10, 20)


def distance_miles_expression(origin: PostcodeLocation, prefix: str = "location__") -> Any:
    """Distance in miles from `origin` to a location row, as SQL.

    An equirectangular approximation: within Kent (under 100 miles) it differs from the great-circle
    distance by well under 1%, and it needs no trigonometry per row.
    """
    x_scale = math.cos(math.radians(origin.latitude))
    dlat = F(f"{prefix}latitude") - Value(origin.latitude)
    dlng = (F(f"{prefix}longitude") - Value(origin.longitude)) * Value(x_scale)
    return Sqrt(Power(dlat, 2) + Power(dlng, 2)) * Value(MILES_PER_DEGREE_LATITUDE)


@dataclass(frozen=True)
class ServiceSearch:
    """A search ready to paginate: `services` is ordered and annotated (`distance` when a postcode is used)."""

    services: QuerySet[Service]
    correction: Correction | None
    origin: PostcodeLocation | None


def service_search_queryset() -> QuerySet[Service]:
    """What a search result row needs, in a fixed number of queries whatever the page size."""
    return Service.objects.select_related("organisation").prefetch_related(
        "categories",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").order_by("pk"),
        ),
    )


def services_search(
    *,
    query: str = "",
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation | None = None,
    radius_miles: float | None = None,
    correct_spelling: bool = True,
) -> ServiceSearch:
    """Open and temporarily closed services matching every given filter (AND).

    `query` is full-text (English stemming; name > categories and provider > description). Words not in the
    directory's vocabulary are also tried with their closest known spelling. With `origin`, results are sorted
    by the distance to the nearest place the service runs; with `radius_miles` too, only services with a place
    within the radius, or with no place to visit but covering the postcode's district, are kept.
    """
    qs = service_search_queryset().filter(status__in=Service.OPEN_STATUSES)
    correction: Correction | None = None
    tsquery: SearchQuery | None = None
    if query.strip():
        correction = query_correct(query) if correct_spelling else Correction(words=[], corrected={})
        words = correction.words or [query]
        parts = []
        for word in words:
            part = SearchQuery(word, config="english", search_type="plain")
            if word in correction.corrected:
                part = part | SearchQuery(correction.corrected[word], config="english", search_type="plain")
            parts.append(part)
        tsquery = functools.reduce(operator.and_, parts)
        qs = qs.filter(search_vector=tsquery).annotate(rank=SearchRank(F("search_vector"), tsquery))
    if category is not None:
        qs = qs.filter(category_ids__contains=[category.pk])
    if districts:
        qs = qs.filter(districts__overlap=list(districts))
    if audience:
        qs = qs.filter(audiences__contains=[audience])
    order: list[Any] = []
    if origin is not None:
        places = ServiceAtLocation.objects.filter(
            service_id=OuterRef("pk"), location__latitude__isnull=False, location__longitude__isnull=False
        )
        if radius_miles is not None:
            # A bounding box first, so the per-row distance is only worked out for nearby places.
            dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
            dlng = dlat / max(0.1, math.cos(math.radians(origin.latitude)))
            places = places.filter(
                location__latitude__range=(origin.latitude - dlat, origin.latitude + dlat),
                location__longitude__range=(origin.longitude - dlng, origin.longitude + dlng),
            )
        nearest = places.annotate(miles=distance_miles_expression(origin)).order_by("miles").values("miles")[:1]
        covers = Q(districts__contains=[origin.district]) if origin.district else Q(pk__in=[])
        qs = qs.annotate(
            distance=Subquery(nearest, output_field=FloatField()),
            covers_origin=Case(When(covers, then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        if radius_miles is not None:
            # Uncorrelated and index-backed (location_lat_lng), so worked out once per search, not per service:
            # the services with a place within the radius (the box first, then the distance of each place in it).
            # "Its nearest place is within the radius" is the same as "one of its places is".
            near = (
                ServiceAtLocation.objects.filter(
                    location__latitude__range=(origin.latitude - dlat, origin.latitude + dlat),
                    location__longitude__range=(origin.longitude - dlng, origin.longitude + dlng),
                )
                .annotate(miles=distance_miles_expression(origin))
                .filter(miles__lte=radius_miles)
                .values("service_id")
            )
            # ...or covering the postcode's district with no place to visit. (Measured with EXPLAIN ANALYZE on
            # 10,000 services: this OR, read from the covering index, beats a UNION of the two lists of ids.)
            has_place = Exists(ServiceAtLocation.objects.filter(service_id=OuterRef("pk")))
            qs = qs.filter(Q(pk__in=near) | (covers & ~has_place))
        order += [F("distance").asc(nulls_last=True), F("covers_origin").desc()]
    if tsquery is not None:
        order.append(F("rank").desc())
    order += ["name", "pk"]
    return ServiceSearch(services=qs.order_by(*order), correction=correction, origin=origin)


# This process's copy of the category list and the categories version it was loaded at.
_categories_memo: dict[str, tuple[int, list[TaxonomyTerm]]] = {}


def search_categories(*, version: int | None = None) -> list[TaxonomyTerm]:
    """Categories for filters and category pages, in display order.

    Kept in this process's memory (and in the shared cache) until a category or taxonomy changes
    (`categories_cache_bump`): other directory edits do not make processes reload them.
    """
    if version is None:
        version = directory_cache_versions().categories
    memo = _categories_memo.get("terms")
    if memo is not None and memo[0] == version:
        return memo[1]
    key = f"directory:categories:{version}"
    terms: list[TaxonomyTerm] | None = cache.get(key)
    if terms is None:
        terms = list(
            TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME)
            .select_related("taxonomy")
            .order_by("position", "name")
        )
        cache.set(key, terms, search_cache_seconds())
    _categories_memo["terms"] = (version, terms)
    return terms


def category_by_slug(*, slug: str) -> TaxonomyTerm | None:
    return TaxonomyTerm.objects.filter(slug=slug).first()


def service_by_slug(*, slug: str) -> Service | None:
    """A public service with everything its page shows (closed services stay visible, marked closed)."""
    return (
        Service.objects.select_related("organisation")
        .prefetch_related(
            "categories",
            "phones",
            "schedules",
            "languages",
            "cost_options",
            "contacts",
            "service_areas",
            "eligibility_changes",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
            ),
        )
        .select_related("instead")
        .filter(slug=slug)
        .first()
    )


def services_covering(
    *, service: Service, age_band: str, district: str, on: date, locality: str | None = None, limit: int = 5
) -> list[Service]:
    """Other services giving the same kind of support (a shared category) that cover this person on `on`.

    Offered when someone is outside what `service` covers: open services that run on the day, with the day's
    eligibility (scheduled changes included) checked by the same rule as the referral.
    """
    from services.eligibility import service_eligibility_check

    candidates = (
        Service.objects.filter(status=Service.Status.ACTIVE, categories__in=service.categories.all())
        .exclude(pk=service.pk)
        .filter(running_on(on))
        .distinct()
        .select_related("organisation")
        .prefetch_related("eligibility_changes")
        .order_by("name", "pk")
    )
    if district:  # narrowed in SQL; a scheduled change may move a service's districts, so those are checked too
        candidates = candidates.filter(
            Q(districts__contains=[district]) | Q(districts=[]) | Q(eligibility_changes__isnull=False)
        )
    found = []
    for candidate in candidates:
        check = service_eligibility_check(
            service=candidate, age_band=age_band, district=district, locality=locality, on=on
        )
        if check.inside:
            found.append(candidate)
            if len(found) >= limit:
                break
    return found


# --- Cached result pages ----------------------------------------------------------------------


def search_cache_seconds() -> int:
    return int(getattr(settings, "DIRECTORY_SEARCH_CACHE_SECONDS", 600))


_VERSION_KEY = "directory:version"
# Separate versions for what every process keeps in memory, so that a directory edit that changes neither
# does not make every process reload them.
_VOCABULARY_VERSION_KEY = "directory:vocabulary-version"
_CATEGORIES_VERSION_KEY = "directory:categories-version"


@dataclass(frozen=True)
class DirectoryVersions:
    results: int  # cached search pages (any directory write)
    vocabulary: int  # the spelling vocabulary (a fingerprint of its words and frequencies)
    categories: int  # the category list (any category or taxonomy write)


def _version_start(key: str) -> int:
    version = time.time_ns()
    cache.add(key, version, timeout=None)
    return int(cache.get(key) or version)


_VERSION_KEYS = [_VERSION_KEY, _VOCABULARY_VERSION_KEY, _CATEGORIES_VERSION_KEY]


def _versions_from(found: dict[str, Any]) -> DirectoryVersions:
    results, vocabulary, categories = (
        int(found[key]) if found.get(key) is not None else _version_start(key) for key in _VERSION_KEYS
    )
    return DirectoryVersions(results=results, vocabulary=vocabulary, categories=categories)


def directory_cache_versions() -> DirectoryVersions:
    """The three versions, in one round trip to the cache."""
    return _versions_from(cache.get_many(_VERSION_KEYS))


def directory_cache_version() -> int:
    """Bumped by every directory write (services.directory_index_refresh), so cached pages never go stale."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        return _version_start(_VERSION_KEY)
    return int(version)


def directory_cache_bump() -> None:
    cache.set(_VERSION_KEY, time.time_ns(), timeout=None)


def vocabulary_cache_version_set(version: int) -> None:
    """Called with a fingerprint of the vocabulary after it is rebuilt: processes reload it only if it changed."""
    cache.set(_VOCABULARY_VERSION_KEY, version, timeout=None)


def categories_cache_bump() -> None:
    cache.set(_CATEGORIES_VERSION_KEY, time.time_ns(), timeout=None)


def search_content_cache_key(*, params: QueryDict) -> str:
    """The cache key of a search page's content: every parameter as given (in any order). The content is kept with
    the directory versions it was made at (`search_content_cached`)."""
    source = json.dumps(sorted(params.lists()))
    return f"directory:search-page:{hashlib.sha256(source.encode()).hexdigest()}"


def search_content_cached(*, key: str) -> tuple[DirectoryVersions, dict[str, Any] | None]:
    """The directory versions, and the search content kept under `key` if it was made at those versions (results,
    spelling suggestions and category filters all as they are now), in one round trip to the cache."""
    found = cache.get_many([*_VERSION_KEYS, key])
    versions = _versions_from(found)
    content = found.get(key)
    if content is not None and content.get("versions") != dataclasses.astuple(versions):
        content = None
    return versions, content


def search_content_keep(*, key: str, versions: DirectoryVersions, content: dict[str, Any]) -> None:
    """Keep a search page's `content` (made at `versions`) for `search_content_cached`."""
    cache.set(key, content | {"versions": dataclasses.astuple(versions)}, search_cache_seconds())


STATUS_LABELS: dict[str, str] = {value: str(label) for value, label in Service.Status.choices}


@dataclass(slots=True)  # made 20 times a page: not frozen, whose fields are each set through object.__setattr__
class ResultItem:
    """What one search result shows, worked out in Python so the template only prints it."""

    pk: int
    name: str
    slug: str
    url: str
    organisation_name: str
    summary: str
    status: str
    status_label: str
    districts: list[str]
    coverage: str
    accepts_self_referral: bool
    distance: float | None = None
    distance_text: str = ""
    covers_origin: bool = False
    place: str | None = None  # town (or name) of its first place, shown after the distance


class ResultPage:
    """One page of search results, shaped like Django's Page for the pagination template.

    Templates show `items` (plain values, from the search's own query); `object_list` (iterating the page) loads
    full Service objects on first use, for code that needs them.
    """

    def __init__(self, *, items: list[ResultItem], number: int, count: int, page_size: int) -> None:
        self.items = items
        self.rows = [[item.pk, item.distance, item.covers_origin] for item in items]
        self.number = number
        self.count = count
        self.page_size = page_size
        self._services: list[Service] | None = None

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    @property
    def paginator(self) -> ResultPage:
        return self

    @property
    def object_list(self) -> list[Service]:
        if self._services is None:
            by_id = service_search_queryset().defer("search_vector", "description").in_bulk([r[0] for r in self.rows])
            services = []
            for row in self.rows:
                service = by_id.get(row[0])
                if service is None:
                    continue
                if len(row) == 3:
                    service.distance = row[1]  # type: ignore[attr-defined]
                    service.covers_origin = row[2]  # type: ignore[attr-defined]
                services.append(service)
            self._services = services
        return self._services

    def __iter__(self) -> Iterator[Service]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.rows)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _distance_sql(origin: PostcodeLocation, alias: str) -> tuple[str, list[Any]]:
    """`distance_miles_expression` as parameterised SQL over `alias`'s latitude and longitude (the same arithmetic,
    so the same figures)."""
    sql = f"(SQRT((POWER(({alias}.latitude - %s), 2) + POWER((({alias}.longitude - %s) * %s), 2))) * %s)"
    x_scale = math.cos(math.radians(origin.latitude))
    return sql, [origin.latitude, origin.longitude, x_scale, MILES_PER_DEGREE_LATITUDE]


_SERVICE = Service._meta.db_table
_PLACE = ServiceAtLocation._meta.db_table
_LOCATION = Location._meta.db_table


def _nearest_sql(origin: PostcodeLocation) -> tuple[str, list[Any]]:
    """The distance from `origin` to the nearest place of service `s` (NULL when it has none with coordinates)."""
    distance, distance_params = _distance_sql(origin, "l")
    sql = (
        f"(SELECT MIN({distance}) FROM {_PLACE} sal JOIN {_LOCATION} l ON l.id = sal.location_id"  # noqa: S608
        " WHERE sal.service_id = s.id AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL)"
    )
    return sql, distance_params


def _tsquery_sql(query: str, correction: Correction) -> tuple[str, list[Any]]:
    """The full-text query of `services_search` as SQL: each word (or the query, when it has no words), OR its
    corrected spelling, all ANDed, nested as Django nests them (so the same ts_rank)."""
    parts: list[tuple[str, list[Any]]] = []
    for word in correction.words or [query]:
        part = "plainto_tsquery('english'::regconfig, %s)"
        if word in correction.corrected:
            parts.append((f"({part} || {part})", [word, correction.corrected[word]]))
        else:
            parts.append((part, [word]))
    return functools.reduce(lambda left, right: (f"({left[0]} && {right[0]})", left[1] + right[1]), parts)


def _search_sql(
    *,
    start: int,
    size: int,
    query: str = "",
    correction: Correction | None = None,
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation | None = None,
    radius_miles: float | None = None,
) -> tuple[str, list[Any], str]:
    """One page of a search as SQL: columns (id, distance, covers_origin, rank, name, total), the page's order.
    `correction` is the query's spelling correction (worked out here when not given).

    The same services in the same order as `services_search(...).services` (tests compare them for every kind of
    search), written out instead of compiled by the ORM: building that query cost more than running it. Services
    of alias `s` meet every filter; ranked by `ts_rank` when there are words. From a postcode, each service's
    distance is that of its nearest place. Within a radius, two lists, each from an index, are put together:
    - the services with a place in the radius: the places in the bounding box (index location_lat_lng), grouped
      by service for the nearest distance (the CTE "near"), joined to the services by primary key;
    - the services with no place to visit that cover the postcode's district (the partial covering index
      service_no_place_cover, on the `has_place` flag kept by the search index upkeep);
    unless the search has words and a filter, which find few services from their GIN indexes: then each of those
    services' nearest place is worked out (as without a radius) and kept when within it (on 10,000 services, "carers"
    in one district for carers within 10 miles: 14 ms the first way, 4.5 ms this way).
    """
    where, params = ["s.status IN (%s, %s)"], list[Any](Service.OPEN_STATUSES)
    rank, rank_params = "NULL::real", []
    if query.strip():
        tsquery, tsquery_params = _tsquery_sql(query, correction or query_correct(query))
        where.append(f"s.search_vector @@ {tsquery}")
        params += tsquery_params
        rank, rank_params = f"ts_rank(s.search_vector, {tsquery})", tsquery_params
    if category is not None:
        where.append("s.category_ids @> ARRAY[%s]::bigint[]")
        params.append(category.pk)
    if districts:
        where.append("s.districts && %s::varchar(30)[]")
        params.append(list(districts))
    if audience:
        where.append("s.audiences @> ARRAY[%s]::varchar(30)[]")
        params.append(audience)
    filters = " AND ".join(where)

    covers, covers_params = "FALSE", []
    if origin is not None and origin.district:
        covers, covers_params = "s.districts @> ARRAY[%s]::varchar(30)[]", [origin.district]
    columns = f"s.id, {{distance}}, {covers}, {rank}, s.name"
    with_sql, branches, branch_params = "", "", []
    if origin is None:
        branches = f"SELECT {columns.format(distance='NULL::double precision')} FROM {_SERVICE} s WHERE {filters}"  # noqa: S608
        branch_params = [*covers_params, *rank_params, *params]
    elif radius_miles is None:
        nearest, nearest_params = _nearest_sql(origin)
        branches = f"SELECT {columns.format(distance=nearest)} FROM {_SERVICE} s WHERE {filters}"  # noqa: S608
        branch_params = [*nearest_params, *covers_params, *rank_params, *params]
    elif query.strip() and (category is not None or districts or audience):
        # Words and a filter find few services (a GIN index each): work out each one's nearest place (index on
        # service_id) and keep those within the radius, instead of finding every place in the radius first.
        nearest, nearest_params = _nearest_sql(origin)
        inner = (
            f"SELECT {columns.format(distance=nearest)}, s.has_place, s.districts"  # noqa: S608
            f" FROM {_SERVICE} s WHERE {filters} OFFSET 0"  # OFFSET 0: each nearest place worked out once
        )
        within = "w.distance <= %s"
        within_params: list[Any] = [radius_miles]
        if origin.district:
            within = f"({within} OR (NOT w.has_place AND w.districts @> ARRAY[%s]::varchar(30)[]))"
            within_params.append(origin.district)
        branches = (
            "SELECT w.id, w.distance, w.covers_origin, w.rank, w.name FROM"  # noqa: S608
            f" ({inner}) AS w(id, distance, covers_origin, rank, name, has_place, districts) WHERE {within}"
        )
        branch_params = [*nearest_params, *covers_params, *rank_params, *params, *within_params]
    else:
        distance, distance_params = _distance_sql(origin, "l")
        dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
        dlng = dlat / max(0.1, math.cos(math.radians(origin.latitude)))
        with_sql = (
            f"WITH near AS MATERIALIZED (SELECT sal.service_id AS id, MIN({distance}) AS distance"  # noqa: S608
            f" FROM {_LOCATION} l JOIN {_PLACE} sal ON sal.location_id = l.id"
            " WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s"
            f" AND {distance} <= %s GROUP BY sal.service_id) "
        )
        with_params = [*distance_params, origin.latitude - dlat, origin.latitude + dlat]
        with_params += [origin.longitude - dlng, origin.longitude + dlng, *distance_params, radius_miles]
        branches = f"SELECT {columns.format(distance='n.distance')} FROM {_SERVICE} s JOIN near n ON n.id = s.id WHERE {filters}"  # noqa: S608, E501
        branch_params = [*with_params, *covers_params, *rank_params, *params]
        if origin.district:
            branches += (
                f" UNION ALL SELECT {columns.format(distance='NULL::double precision')} FROM {_SERVICE} s"  # noqa: S608
                f" WHERE {filters} AND NOT s.has_place AND s.districts @> ARRAY[%s]::varchar(30)[]"
            )
            branch_params += [*covers_params, *rank_params, *params, origin.district]
    order = "u.distance ASC NULLS LAST, u.covers_origin DESC, " if origin is not None else ""
    order += "u.rank DESC, " if query.strip() else ""
    order += "u.name ASC, u.id ASC"
    sql = (
        f"{with_sql}SELECT u.id, u.distance, u.covers_origin, u.rank, u.name, COUNT(*) OVER () AS total"  # noqa: S608
        f" FROM ({branches}) AS u(id, distance, covers_origin, rank, name) ORDER BY {order} LIMIT %s OFFSET %s"
    )
    return sql, [*branch_params, size, start], order


def search_rows(*, start: int, size: int, **search: Any) -> list[tuple[int, float | None, bool, int]]:
    """Rows `(pk, distance, covers_origin, total)` of a search (the arguments of `_search_sql`), from `start`."""
    sql, params, _ = _search_sql(start=start, size=size, **search)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(r[0]), r[1], bool(r[2]), int(r[5])) for r in cursor.fetchall()]


def _index_rows(
    *,
    start: int,
    size: int,
    query: str = "",
    correction: Correction | None = None,
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation | None = None,
    radius_miles: float | None = None,
    index_version: int | None = search_index.NOT_READ,
) -> tuple[search_index.Rows, int, search_index.FacetIndex] | None:
    """A page of a search from this process's index (services.search_index), and the index, when it can answer it."""
    if origin is not None and radius_miles is None:
        return None  # every service's distance: SQL
    correction = (correction or query_correct(query)) if query.strip() else None
    words = fulltext.query_words(correction, query) if correction else ()
    index = search_index.facet_index(words=words, version=index_version)
    if index is None:
        return None
    ranked: fulltext.Query | None = None
    if correction is not None:
        if index.postings is None:
            return None
        ranked = fulltext.query_build(correction, query)
        if ranked is None:
            return None  # a query PostgreSQL builds with other operators: SQL
    category_id = category.pk if category else None
    if origin is None or radius_miles is None:
        page = search_index.page_by_name(
            index, start=start, size=size, category_id=category_id, districts=districts, audience=audience, query=ranked
        )
    else:
        page = search_index.page_within(
            index,
            start=start,
            size=size,
            category_id=category_id,
            districts=districts,
            audience=audience,
            origin=origin,
            radius_miles=radius_miles,
            query=ranked,
        )
    return (*page, index) if page is not None else None


def _result_item(pk: int, distance: float | None, covers: bool, shown: search_index.Shown) -> ResultItem:
    return ResultItem(
        pk=pk,
        name=shown.name,
        slug=shown.slug,
        url=f"/services/{shown.slug}/",
        organisation_name=shown.organisation_name,
        summary=shown.summary,
        status=shown.status,
        status_label=STATUS_LABELS.get(shown.status, shown.status),
        districts=list(shown.districts),
        coverage=coverage_text(shown.districts) or "no areas listed",
        accepts_self_referral=shown.accepts_self_referral,
        distance=distance,
        distance_text=distance_text(distance),
        covers_origin=bool(covers),
        place=shown.place,
    )


def _result_page_items(
    *, start: int, size: int, index_version: int | None = search_index.NOT_READ, **search: Any
) -> tuple[list[ResultItem], int]:
    """One page of a search as the result list shows it, and the total: from this process's index (at
    `index_version`, when the caller has read it), with what it keeps of each service, or in one query of only the
    columns shown."""
    from_postcode = search.get("origin") is not None  # the town of the first place shows after the distance
    from_index = _index_rows(start=start, size=size, index_version=index_version, **search)
    if from_index is not None:
        rows, total, index = from_index
        items = []
        for pk, distance, covers in rows:
            shown = index.shown[pk]
            items.append(_result_item(pk, distance, covers, shown if from_postcode else shown._replace(place=None)))
        return items, total
    place_sql = "NULL"
    if from_postcode:
        place_sql = (
            f"(SELECT COALESCE(NULLIF(l.city, ''), l.name) FROM {_PLACE} sal"  # noqa: S608
            f" JOIN {_LOCATION} l ON l.id = sal.location_id WHERE sal.service_id = s.id ORDER BY sal.id LIMIT 1)"
        )
    columns = f" s.slug, s.name, s.summary, s.status, s.districts, s.accepts_self_referral, o.name, {place_sql}"
    joins = f"JOIN {_SERVICE} s ON s.id = u.id JOIN {Organisation._meta.db_table} o ON o.id = s.organisation_id"
    page_sql, params, order = _search_sql(start=start, size=size, **search)
    sql = (
        f"SELECT u.id, u.distance, u.covers_origin, u.total, {columns} FROM ({page_sql}) AS u {joins} ORDER BY {order}"  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    items = [
        _result_item(pk, distance, covers, search_index.Shown(*shown)) for pk, distance, covers, _, *shown in found
    ]
    return items, (found[0][3] if found else 0)


def services_search_page(
    *,
    page_number: int,
    page_size: int = 20,
    query: str = "",
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation | None = None,
    radius_miles: float | None = None,
    versions: DirectoryVersions | None = None,
    cached: bool = True,
    index_version: int | None = search_index.NOT_READ,
) -> tuple[ResultPage, Correction | None]:
    """A page of `services_search` results, ready to show, and the spelling correction used.

    From this process's search index (one query, its version, unless the caller has read it: `index_version` from
    `search_postcode_lookup`), else one query (`_search_sql`), whatever the result size; a page past the end shows the
    last page (more queries). With `cached`, the page is kept in the cache for this version of the directory (pass
    False when the caller caches what it makes of the page).
    """
    versions = versions or directory_cache_versions()
    correction = query_correct(query, version=versions.vocabulary) if query.strip() else None
    key_source = json.dumps(
        [
            " ".join(query.lower().split()),
            category.pk if category else None,
            sorted(districts) if districts else None,
            audience,
            [origin.latitude, origin.longitude, origin.district] if origin else None,
            radius_miles,
            page_number,
            page_size,
        ]
    )
    key = f"directory:search:{versions.results}:{hashlib.sha256(key_source.encode()).hexdigest()}"
    found: tuple[list[ResultItem], int, int] | None = cache.get(key) if cached else None
    if found is None:
        search: dict[str, Any] = {
            "query": query,
            "correction": correction,
            "category": category,
            "districts": districts,
            "audience": audience,
            "origin": origin,
            "radius_miles": radius_miles,
        }
        number = max(1, page_number)
        items, total = _result_page_items(
            start=(number - 1) * page_size, size=page_size, index_version=index_version, **search
        )
        if not items and number > 1:  # a page past the end: show the last page
            if not total:  # (the SQL search counts only along with the rows it finds)
                first = search_rows(start=0, size=1, **search)
                total = first[0][3] if first else 0
            number = max(1, math.ceil(total / page_size))
            if total:
                items, total = _result_page_items(start=(number - 1) * page_size, size=page_size, **search)
        found = (items, total, number)
        if cached:
            cache.set(key, found, search_cache_seconds())
    items, total, number = found
    page = ResultPage(items=items, number=number, count=total, page_size=page_size)
    return page, correction


def open_services_by_slug(*, slugs: Sequence[str]) -> dict[str, Service]:
    """The open services among `slugs`, by slug (a page linking to them leaves out any that is gone)."""
    found = Service.objects.filter(slug__in=list(slugs), status__in=Service.OPEN_STATUSES).only("slug", "name")
    return {service.slug: service for service in found}
