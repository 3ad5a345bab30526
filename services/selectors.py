"""Reads for the service directory (used by views, the API and other apps)."""

from __future__ import annotations

import functools
import hashlib
import json
import math
import operator
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
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
    Window,
)
from django.db.models.functions import Power, Sqrt
from django.http import QueryDict

from services.geography import outward_code, outward_code_normalise, postcode_normalise
from services.models import Audience, Location, Postcode, Service, ServiceAtLocation, TaxonomyTerm
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


def postcode_lookup(*, postcode: str) -> PostcodeLocation | None:
    """Coordinates and district of a postcode: the full postcode first, else its outward code centroid.

    Accepts a full postcode in any case or spacing, or an outward code alone ("CT5").
    None when the value is not a postcode or is unknown.
    """
    full = postcode_normalise(postcode)
    if full is not None:
        candidates = [full, outward_code(full)]
        shown = full
    else:
        outward = outward_code_normalise(postcode)
        if outward is None:
            return None
        candidates = [outward]
        shown = outward
    rows = {row.postcode: row for row in Postcode.objects.filter(postcode__in=candidates)}
    for code in candidates:
        row = rows.get(code)
        if row is not None:
            return PostcodeLocation(
                postcode=shown,
                latitude=row.latitude,
                longitude=row.longitude,
                district=row.district,
                exact=row.kind == Postcode.Kind.FULL,
            )
    return None


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
        Service.objects.filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(relevant)
        .exclude(provides_carers_assessments=True)
        .select_related("organisation")
        .annotate(match_rank=rank)
        .order_by("match_rank", "name", "pk")[: max(0, limit)]
    )


CARERS_ASSESSMENT_SERVICE_NAME = "Community Navigation for Carers"


def carers_assessment_service_for_district(*, district: str) -> Service | None:
    """The active "Community Navigation for Carers" service covering `district` (carers' assessments go there)."""
    return (
        Service.objects.filter(status=Service.Status.ACTIVE, districts__contains=[district])
        .filter(Q(provides_carers_assessments=True) | Q(name__iexact=CARERS_ASSESSMENT_SERVICE_NAME))
        .select_related("organisation")
        .order_by("-provides_carers_assessments", "pk")
        .first()
    )


# --- Search ---------------------------------------------------------------------------------

RADIUS_CHOICES_MILES = (1, 2, 5, 10, 20)
MILES_PER_DEGREE_LATITUDE = 69.05


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
    qs = service_search_queryset().filter(status__in=[Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED])
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
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


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


def directory_cache_versions() -> DirectoryVersions:
    """The three versions, in one round trip to the cache."""
    keys = [_VERSION_KEY, _VOCABULARY_VERSION_KEY, _CATEGORIES_VERSION_KEY]
    found = cache.get_many(keys)
    results, vocabulary, categories = (
        int(found[key]) if found.get(key) is not None else _version_start(key) for key in keys
    )
    return DirectoryVersions(results=results, vocabulary=vocabulary, categories=categories)


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


def search_content_cache_key(*, params: QueryDict, versions: DirectoryVersions) -> str:
    """The cache key of a search page's content: every parameter as given (in any order), and every directory
    version the page depends on (results, spelling suggestions, the category filters)."""
    source = json.dumps([sorted(params.lists()), versions.results, versions.vocabulary, versions.categories])
    return f"directory:search-page:{hashlib.sha256(source.encode()).hexdigest()}"


STATUS_LABELS: dict[str, str] = {value: str(label) for value, label in Service.Status.choices}


@dataclass(frozen=True)
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


def result_items(*, rows: Sequence[Sequence[Any]]) -> list[ResultItem]:
    """The result list for a page of `services_search_page` rows, in one query of only the columns it shows.

    Rows are `[pk]`, or `[pk, distance, covers_origin]` for a search from a postcode. (Plain SQL: this runs for
    every uncached search page, and building it through the ORM cost more than running it.)
    """
    if not rows:
        return []
    with_distance = len(rows[0]) == 3
    sql = (
        "SELECT s.id, s.name, s.slug, s.summary, s.status, s.districts, s.accepts_self_referral, o.name,"
        "  (SELECT COALESCE(NULLIF(l.city, ''), l.name) FROM services_serviceatlocation sal"
        "   JOIN services_location l ON l.id = sal.location_id WHERE sal.service_id = s.id ORDER BY sal.id LIMIT 1)"
        " FROM services_service s JOIN services_organisation o ON o.id = s.organisation_id WHERE s.id = ANY(%s)"
    )
    fields = ["pk", "name", "slug", "summary", "status", "districts", "accepts_self_referral", "organisation__name"]
    with connection.cursor() as cursor:
        cursor.execute(sql, [[row[0] for row in rows]])
        by_id = {found[0]: dict(zip([*fields, "place"], found, strict=True)) for found in cursor.fetchall()}
    items = []
    for row in rows:
        values = by_id.get(row[0])
        if values is None:
            continue
        extra: dict[str, Any] = {}
        if with_distance:
            extra = {
                "distance": row[1],
                "distance_text": distance_text(row[1]),
                "covers_origin": bool(row[2]),
                "place": values["place"],
            }
        items.append(
            ResultItem(
                pk=values["pk"],
                name=values["name"],
                slug=values["slug"],
                url=f"/services/{values['slug']}/",
                organisation_name=values["organisation__name"],
                summary=values["summary"],
                status=values["status"],
                status_label=STATUS_LABELS.get(values["status"], values["status"]),
                districts=list(values["districts"]),
                coverage=coverage_text(values["districts"]) or "no areas listed",
                accepts_self_referral=values["accepts_self_referral"],
                **extra,
            )
        )
    return items


class ResultPage:
    """One page of search results, shaped like Django's Page for the pagination template.

    The results load on first use, so a template that serves the page's HTML from its cache (keyed by
    `cache_key`) runs no query for them at all. Templates show `items` (plain values, one query);
    `object_list` (iterating the page) gives full Service objects, for code that needs them.
    """

    def __init__(self, *, rows: list[list[Any]], number: int, count: int, page_size: int, cache_key: str) -> None:
        self.rows = rows
        self.number = number
        self.count = count
        self.page_size = page_size
        self.cache_key = cache_key
        self._services: list[Service] | None = None
        self._items: list[ResultItem] | None = None

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

    @property
    def items(self) -> list[ResultItem]:
        """What the result list shows (one query, only the columns it needs); the template uses this."""
        if self._items is None:
            self._items = result_items(rows=self.rows)
        return self._items

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


def radius_search_rows(
    *,
    start: int,
    size: int,
    query: str = "",
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation,
    radius_miles: float,
) -> list[tuple[int, float | None, bool, int]]:
    """Rows `(pk, distance, covers_origin, total)` of a search within `radius_miles` of `origin`, from `start`.

    The same services in the same order as `services_search(...).services` (a test compares them), in one query
    planned around the radius instead of around every open service. Two lists, each from an index, each meeting
    the other filters (status, words, category, area, audience) and then put together:
    - the services with a place in the radius: the places in the bounding box (index location_lat_lng), grouped
      by service for the nearest distance (the CTE "near"), joined to the services by primary key;
    - the services with no place to visit that cover the postcode's district (the partial covering index
      service_no_place_cover, on the `has_place` flag kept by the search index upkeep).
    No distance is worked out per service in a correlated subquery, and no other service row is read.
    """
    place_table = ServiceAtLocation._meta.db_table
    location_table = Location._meta.db_table
    dlat = radius_miles / MILES_PER_DEGREE_LATITUDE
    dlng = dlat / max(0.1, math.cos(math.radians(origin.latitude)))
    distance, distance_params = _distance_sql(origin, "l")
    near = (
        f"SELECT sal.service_id AS id, MIN({distance}) AS distance"  # noqa: S608 - table names and expressions only
        f" FROM {location_table} l JOIN {place_table} sal ON sal.location_id = l.id"
        " WHERE l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s"
        f" AND {distance} <= %s GROUP BY sal.service_id"
    )
    params: list[Any] = [*distance_params]
    params += [origin.latitude - dlat, origin.latitude + dlat, origin.longitude - dlng, origin.longitude + dlng]
    params += [*distance_params, radius_miles]

    # The other filters and the relevance rank come from the ORM.
    search = services_search(
        query=query, category=category, districts=districts, audience=audience, correct_spelling=bool(query.strip())
    )
    ranked = bool(query.strip())
    covers = Q(districts__contains=[origin.district]) if origin.district else Q(pk__in=[])
    columns = ["id", "name", "covers_origin", *(["rank"] if ranked else [])]
    matching = (
        search.services.annotate(
            covers_origin=Case(When(covers, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
        .order_by()
        .values(*(["pk", *columns[1:]]))
    )
    # Column names and ORM-compiled SQL only; every value is a parameter.
    kept, aliases = ", ".join(f"f.{column}" for column in columns[1:]), ", ".join(columns)
    near_sql, near_params = matching.query.sql_with_params()
    branches = f"SELECT f.id, n.distance, {kept} FROM ({near_sql}) AS f({aliases}) JOIN near n ON n.id = f.id"  # noqa: S608
    params += near_params
    if origin.district:
        no_place = matching.filter(has_place=False, districts__contains=[origin.district])
        no_place_sql, no_place_params = no_place.query.sql_with_params()
        branches += f" UNION ALL SELECT f.id, NULL::double precision, {kept} FROM ({no_place_sql}) AS f({aliases})"  # noqa: S608
        params += no_place_params
    order = "u.distance ASC NULLS LAST, u.covers_origin DESC"
    if ranked:
        order += ", u.rank DESC"
    sql = (
        f"WITH near AS MATERIALIZED ({near})"  # noqa: S608
        " SELECT u.id, u.distance, u.covers_origin, COUNT(*) OVER () AS total"
        f" FROM ({branches}) AS u(id, distance, {', '.join(columns[1:])})"
        f" ORDER BY {order}, u.name ASC, u.id ASC LIMIT %s OFFSET %s"
    )
    params += [size, start]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(int(r[0]), r[1], bool(r[2]), int(r[3])) for r in cursor.fetchall()]


def _radius_page(*, page_number: int, page_size: int, **search: Any) -> dict[str, Any]:
    """What `services_search_page` caches, for a search within a radius (`radius_search_rows`)."""
    number = max(1, page_number)
    found = radius_search_rows(start=(number - 1) * page_size, size=page_size, **search)
    if not found and number > 1:  # a page past the end: show the last page
        first = radius_search_rows(start=0, size=1, **search)
        total = first[0][3] if first else 0
        number = max(1, math.ceil(total / page_size))
        found = radius_search_rows(start=(number - 1) * page_size, size=page_size, **search) if total else []
    total = found[0][3] if found else 0
    return {"total": total, "number": number, "rows": [[pk, distance, covers] for pk, distance, covers, _ in found]}


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
) -> tuple[ResultPage, Correction | None]:
    """A page of `services_search` results and the spelling correction used.

    The matching ids of the page and the total are cached (versioned); the page's services are then loaded by
    id, lazily: a fixed, small number of queries whatever the result size, none when the HTML is cached too.
    Searches within a radius of a postcode use `radius_search_rows` (same rows, a faster plan).
    """
    versions = versions or directory_cache_versions()
    version = versions.results
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
    key = f"directory:search:{version}:{hashlib.sha256(key_source.encode()).hexdigest()}"
    cached = cache.get(key)
    if cached is None and origin is not None and radius_miles is not None:
        cached = _radius_page(
            page_number=page_number,
            page_size=page_size,
            query=query,
            category=category,
            districts=districts,
            audience=audience,
            origin=origin,
            radius_miles=radius_miles,
        )
        cache.set(key, cached, search_cache_seconds())
    if cached is None:
        search = services_search(
            query=query,
            category=category,
            districts=districts,
            audience=audience,
            origin=origin,
            radius_miles=radius_miles,
        )
        # One scan: the page's rows carry the total (a window count), so there is no separate COUNT query.
        fields = ["pk", "distance", "covers_origin"] if origin else ["pk"]
        counted = search.services.annotate(total=Window(Count("pk"))).values_list(*fields, "total")
        start = (max(1, page_number) - 1) * page_size
        found = list(counted[start : start + page_size])
        if found:
            total, number = found[0][-1], max(1, page_number)
        elif page_number <= 1:
            total, number = 0, 1
        else:  # a page past the end: show the last page
            total = search.services.count()
            number = max(1, math.ceil(total / page_size))
            start = (number - 1) * page_size
            found = list(counted[start : start + page_size]) if total else []
        rows = [list(row[:-1]) for row in found]
        cached = {"total": total, "number": number, "rows": rows}
        cache.set(key, cached, search_cache_seconds())
    page = ResultPage(
        rows=cached["rows"], number=cached["number"], count=cached["total"], page_size=page_size, cache_key=key
    )
    return page, correction
