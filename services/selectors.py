"""Reads for the service directory (used by views, the API and other apps)."""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from time import time_ns
from typing import Any, TypeVar, cast

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
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf, Power, Sqrt
from django.utils import timezone

from services.geography import (
    MILES_PER_DEGREE_LATITUDE,
    covers,
    outward_code,
    outward_code_normalise,
    postcode_locality,
    postcode_normalise,
)
from services.models import (
    Audience,
    EligibilityChange,
    Postcode,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    running_on,
)

DIRECTORY_TAXONOMY_NAME = "Kent Carers and Wellbeing Portal categories"
_T = TypeVar("_T")


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
    today = timezone.localdate()
    return list(
        Service.objects.filter(running_on(today))
        .filter(covers_on(districts=[district], on=today), status=Service.Status.ACTIVE)
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
    from services.eligibility import eligibility_on

    locality = postcode_locality(postcode)
    today = timezone.localdate()
    candidates = (
        Service.objects.filter(running_on(today))
        .filter(covers_on(districts=[district], on=today), status=Service.Status.ACTIVE)
        .filter(Q(provides_carers_assessments=True) | Q(name__iexact=CARERS_ASSESSMENT_SERVICE_NAME))
        .select_related("organisation")
        .prefetch_related("eligibility_changes")
        .order_by("-provides_carers_assessments", "pk")
    )
    covering = [
        s
        for s in candidates
        if covers(
            districts=list(eligibility_on(service=s, on=today).districts),
            localities=s.localities,
            district=district,
            locality=locality,
        )
    ]
    covering.sort(key=lambda s: locality is None or locality not in s.localities)  # stable: keeps the order above
    return covering[0] if covering else None


def service_by_slug(*, slug: str) -> QuerySet[Service]:
    """The public service with this slug (for get_object_or_404), with everything its page shows.

    Closed services stay visible, marked closed."""
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
    )


def eligible_on(*, on: date, rule: Q, changes: QuerySet[EligibilityChange] | None = None) -> Q:
    """A filter for services meeting `rule`, a filter on fields Service and EligibilityChange share, as they are on
    `on`: on a service's own fields until a scheduled change takes effect, then on its latest change's (`changes`:
    the changes that count, by default every one in effect by `on`). In SQL, so it adds no query of its own."""
    if changes is None:
        changes = EligibilityChange.objects.filter(takes_effect_on__lte=on, status=EligibilityChange.Status.DECIDED)
    latest = changes.order_by("service_id", "-takes_effect_on").distinct("service_id").values("pk")
    changed_and_meets = EligibilityChange.objects.filter(rule, pk__in=latest).values("service_id")
    return (rule & ~Q(pk__in=changes.values("service_id"))) | Q(pk__in=changed_and_meets)


def district_moves(*, on: date) -> QuerySet[EligibilityChange]:
    """The scheduled changes in effect by `on` that move a service's districts (a change without districts keeps
    them)."""
    return EligibilityChange.objects.filter(takes_effect_on__lte=on, status=EligibilityChange.Status.DECIDED).exclude(
        districts=[]
    )


def serves_need_level(*, level: str, on: date) -> Q:
    """A filter for services serving `level` of need on `on` (or everyone)."""
    return eligible_on(on=on, rule=Q(need_levels__contains=[level]) | Q(need_levels=[]))


def covers_on(*, districts: Sequence[str], on: date) -> Q:
    """A filter for services covering any of `districts` on `on` (a scheduled change may move a service's areas)."""
    return eligible_on(on=on, rule=Q(districts__overlap=sorted(set(districts))), changes=district_moves(on=on))


def serves_age(*, age: int, on: date) -> Q:
    """A filter for services open to someone aged `age` on `on`."""
    return eligible_on(
        on=on,
        rule=(Q(minimum_age__isnull=True) | Q(minimum_age__lte=age))
        & (Q(maximum_age__isnull=True) | Q(maximum_age__gte=age)),
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
    if district:  # narrowed in SQL to services covering the district (or everywhere) that day; the check decides
        candidates = candidates.filter(
            covers_on(districts=[district], on=on)
            | eligible_on(on=on, rule=Q(districts=[]), changes=district_moves(on=on))
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


# --- The directory version -------------------------------------------------------------------

DIRECTORY_VERSION_KEY = "directory:version"


def directory_version() -> int:
    """The version of the directory that every cache derived from it is keyed by (services.directory_version_bump
    moves it on after each committed change). Kept without expiry; started at the time, so a version lost with
    Redis's data is never reused."""
    version = cache.get(DIRECTORY_VERSION_KEY)
    if version is None:
        cache.add(DIRECTORY_VERSION_KEY, time_ns(), timeout=None)
        version = cache.get(DIRECTORY_VERSION_KEY, 0)
    return int(version)


def search_cache_seconds() -> int:
    return int(settings.DIRECTORY_SEARCH_CACHE_SECONDS)


def directory_cached(key: str, make: Callable[[], _T]) -> _T:
    """What `make` returns, cached under `key` for the current directory version.

    The version and the entry come back in one Redis round trip. An entry made at an older version is made again
    and replaces it, so each key has one entry, never one per version."""
    key = f"directory:{key}"
    found = cache.get_many([DIRECTORY_VERSION_KEY, key])
    version = found.get(DIRECTORY_VERSION_KEY)
    if version is None:
        version = directory_version()
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return cast(_T, entry[1])
    value = make()
    cache.set(key, (version, value), search_cache_seconds())
    return value


def search_categories() -> list[TaxonomyTerm]:
    """The search page's types of support, for its filter and its list to browse, in display order (cached for this
    directory version)."""
    return directory_cached(
        "categories",
        lambda: list(TaxonomyTerm.objects.filter(taxonomy__name=DIRECTORY_TAXONOMY_NAME).order_by("position", "name")),
    )


def category_by_slug(*, slug: str) -> QuerySet[TaxonomyTerm]:
    """The category with this slug (for get_object_or_404)."""
    return TaxonomyTerm.objects.filter(slug=slug)


# --- Search ---------------------------------------------------------------------------------

RADIUS_CHOICES_MILES = (1, 2, 5, 10, 20)
MAX_QUERY_WORDS = 12
_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class Correction:
    words: list[str]  # the query's words
    corrected: dict[str, str]  # misspelt word -> the closest word of the directory

    @property
    def suggestion(self) -> str | None:
        """The whole query with corrections applied, for "Did you mean"."""
        if not self.corrected:
            return None
        return " ".join(self.corrected.get(w, w) for w in self.words)


# For each query word of 4 letters or more that finds nothing (after stemming and without accents, as the search
# vectors are made), the most similar word of the vocabulary by trigrams (pg_trgm's % operator, its GIN index),
# the more common first.
_CORRECTION_SQL = """
SELECT q.word, (
    SELECT v.word FROM services_searchword AS v WHERE v.word %% q.plain
    ORDER BY similarity(v.word, q.plain) DESC, v.frequency DESC, v.word LIMIT 1)
FROM (SELECT w AS word, services_unaccent(w) AS plain, plainto_tsquery('english', services_unaccent(w)) AS tsq
      FROM unnest(%s::text[]) AS w) AS q
WHERE length(q.plain) >= 4 AND numnode(q.tsq) > 0 AND NOT EXISTS (
    SELECT 1 FROM services_service AS s WHERE s.search_vector @@ q.tsq AND s.status = ANY(%s))
"""


def query_correct(*, query: str) -> Correction:
    """The query's words, and the closest word of the directory's own vocabulary for each that finds nothing."""
    words = _WORD_RE.findall(query.lower())[:MAX_QUERY_WORDS]
    if not words:
        return Correction(words=[], corrected={})
    with connection.cursor() as cursor:
        cursor.execute(_CORRECTION_SQL, [words, list(Service.OPEN_STATUSES)])
        found = cursor.fetchall()
    return Correction(words=words, corrected={word: fix for word, fix in found if fix and fix != word})


def _unaccent(text: str) -> Func:
    return Func(Value(text), function="services_unaccent", output_field=TextField())


def _tsquery(query: str, correction: Correction | None) -> SearchQuery:
    """The query without accents, English-stemmed; with a correction, each word OR its corrected spelling."""
    if correction is None or not correction.corrected:
        return SearchQuery(_unaccent(query), config="english")
    parts = []
    for word in correction.words:
        part = SearchQuery(_unaccent(word), config="english")
        if word in correction.corrected:
            part |= SearchQuery(_unaccent(correction.corrected[word]), config="english")
        parts.append(part)
    return functools.reduce(operator.and_, parts)


METRES_PER_MILE = 1609.344


def distance_miles_expression(origin: PostcodeLocation, prefix: str = "location__") -> Any:
    """Distance in miles from `origin` to a location row, as SQL.

    An equirectangular approximation: within Kent (under 100 miles) it differs from the great-circle
    distance by well under 1%, and it needs no trigonometry per row.
    """
    x_scale = math.cos(math.radians(origin.latitude))
    dlat = F(f"{prefix}latitude") - Value(origin.latitude)
    dlng = (F(f"{prefix}longitude") - Value(origin.longitude)) * Value(x_scale)
    return Sqrt(Power(dlat, 2) + Power(dlng, 2)) * Value(MILES_PER_DEGREE_LATITUDE)


def place_earth(prefix: str = "") -> Func:
    """A location row's point on the earth (earthdistance's `ll_to_earth`), as indexed by location_earth_gist."""
    return Func(F(f"{prefix}latitude"), F(f"{prefix}longitude"), function="ll_to_earth", output_field=FloatField())


def _origin_earth(origin: PostcodeLocation) -> Func:
    return Func(Value(origin.latitude), Value(origin.longitude), function="ll_to_earth", output_field=FloatField())


def _operator(left: Any, operator: str, right: Any, output_field: Any) -> Func:
    return Func(left, right, template="(%(expressions)s)", arg_joiner=f" {operator} ", output_field=output_field)


def _nearness(origin: PostcodeLocation, prefix: str = "") -> Func:
    """How far a place is from `origin` as earthdistance's `<->` (straight through the earth, so in the same order as
    along it): what the GiST index reads nearest first."""
    return _operator(place_earth(prefix), "<->", _origin_earth(origin), FloatField())


def _miles(origin: PostcodeLocation, prefix: str = "") -> Any:
    metres = Func(_origin_earth(origin), place_earth(prefix), function="earth_distance", output_field=FloatField())
    return metres / Value(METRES_PER_MILE)


def _within(origin: PostcodeLocation, miles: float, prefix: str = "", *, box: bool = True) -> Q:
    """A place within `miles` of `origin` on the great circle; with `box`, first in the radius's bounding box (from
    the GiST index: for counting). Without it (nearest first), the GiST index's order is read until the page is
    full: the planner cannot tell how many places a box holds and would otherwise sort them all."""
    within = Q(_operator(_miles(origin, prefix), "<=", Value(miles), BooleanField()))
    if not box:
        return within
    earth_box = Func(
        _origin_earth(origin), Value(miles * METRES_PER_MILE), function="earth_box", output_field=FloatField()
    )
    return Q(_operator(earth_box, "@>", place_earth(prefix), BooleanField())) & within


class CappedCount(Subquery):
    """The number of rows of a queryset sliced to at most a cap, as a subquery (PostgreSQL stops reading at the
    cap)."""

    template = "(SELECT count(*) FROM (%(subquery)s) AS capped)"
    output_field = IntegerField()


# Totals beyond this read "more than 1,000": counting every match would cost as much as the directory is large.
TOTAL_CAP = 1000


@dataclass(frozen=True)
class _Search:
    """The search as PostgreSQL runs it: without a postcode one ordered queryset (`first`); with one, services with
    a place (`first`, one row per service at its nearest place, nearest first from the GiST index) and then those
    covering the postcode's district with no place to visit (`then`)."""

    first: QuerySet[Service]
    then: QuerySet[Service] | None
    order: tuple[str, ...]
    # What `first` finds, through the radius's bounding box, for counting.
    first_count: QuerySet[Service] | None = None

    def parts(self) -> list[QuerySet[Service]]:
        return [self.first] if self.then is None else [self.first, self.then]

    def combined(
        self, limit: int | None = None, only: Sequence[str] = (), total: bool = False, **annotations: Any
    ) -> QuerySet[Service]:
        """Every result in order (each part read up to `limit` rows, from its own index), with `only` those fields
        and `annotations`; with `total`, the first part's rows have the `total` (counted once)."""
        parts = [part.annotate(**annotations) if annotations else part for part in self.parts()]
        if total:
            parts[0] = parts[0].annotate(total=self.total_expression())
            parts[1:] = [part.annotate(total=Value(None, output_field=IntegerField())) for part in parts[1:]]
        if only:
            parts = [part.only(*only) for part in parts]
        if limit is not None:
            parts = [part[:limit] for part in parts]
        if len(parts) == 1:
            return parts[0]
        return parts[0].union(parts[1], all=True).order_by(*self.order)

    def total_expression(self) -> Any:
        parts = self.parts() if self.first_count is None else [self.first_count, *self.parts()[1:]]
        counts = [CappedCount(part.order_by().values("pk")[: TOTAL_CAP + 1]) for part in parts]
        return functools.reduce(operator.add, counts)


def _search(
    *,
    query: str = "",
    correction: Correction | None = None,
    category: TaxonomyTerm | None = None,
    districts: Sequence[str] | None = None,
    audience: str | None = None,
    origin: PostcodeLocation | None = None,
    radius_miles: float | None = None,
    need_level: str | None = None,
    age: int | None = None,
    on: date | None = None,
) -> _Search:
    on = on or timezone.localdate()
    qs = Service.objects.filter(status__in=Service.OPEN_STATUSES).filter(running_on(on)).select_related("organisation")
    if need_level:
        qs = qs.filter(serves_need_level(level=need_level, on=on))
    if age is not None:
        qs = qs.filter(serves_age(age=age, on=on))
    if category is not None:
        qs = qs.filter(categories=category)
    if districts:
        qs = qs.filter(covers_on(districts=districts, on=on))
    if audience:
        qs = qs.filter(audiences__contains=[audience])
    by_rank: list[Any] = []
    if query.strip():
        tsquery = _tsquery(query, correction)
        qs = qs.filter(search_vector=tsquery).annotate(rank=SearchRank(F("search_vector"), tsquery))
        by_rank.append(F("rank").desc())
    if origin is None:
        return _Search(first=qs.order_by(*by_rank, "name", "pk"), then=None, order=())
    covers = covers_on(districts=[origin.district], on=on) if origin.district else Q(pk__in=[])
    qs = qs.annotate(
        covers_origin=Case(When(covers, then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    # One row per service with a place: the place nearest the postcode (no nearer place of the same service).
    place = "service_at_locations__location__"
    nearer = (
        ServiceAtLocation.objects.filter(service_id=OuterRef("pk"), location__latitude__isnull=False)
        .annotate(nearness=_nearness(origin, "location__"))
        .filter(Q(nearness__lt=OuterRef("nearness")) | Q(nearness=OuterRef("nearness"), pk__lt=OuterRef("link")))
    )

    def with_place(*, box: bool) -> QuerySet[Service]:
        # The place's conditions in one filter(), so that they and the annotations share one join to it.
        at_place = Q(**{f"{place}latitude__isnull": False, f"{place}longitude__isnull": False})
        if radius_miles is not None:
            at_place &= _within(origin, radius_miles, place, box=box)
        return (
            qs.filter(at_place)
            .annotate(
                nearness=_nearness(origin, place),
                link=F("service_at_locations__pk"),
                distance=_miles(origin, place),
                place=Coalesce(NullIf(F(f"{place}city"), Value("")), F(f"{place}name")),
                part=Value(1),
            )
            .filter(~Exists(nearer))
        )

    places = ServiceAtLocation.objects.filter(service_id=OuterRef("pk"))
    if radius_miles is not None:  # no place to visit, and covering the postcode's district
        without_place = qs.filter(covers & ~Exists(places))
        then_order: list[Any] = [*by_rank, "name", "pk"]
    else:  # every service: those with no place whose position is known after the rest
        known = places.filter(location__latitude__isnull=False, location__longitude__isnull=False)
        without_place = qs.filter(~Exists(known))
        then_order = ["-covers_origin", *by_rank, "name", "pk"]
    without_place = without_place.annotate(
        nearness=Value(None, output_field=FloatField()),
        link=Value(None, output_field=IntegerField()),
        distance=Value(None, output_field=FloatField()),
        place=Value(None, output_field=TextField()),
        part=Value(2),
    )
    rank = ["-rank"] if by_rank else []
    first_order: list[Any] = ["nearness", "name", "pk"]  # nearness is with_place's annotation
    return _Search(
        # Nearest first, straight from the GiST index (services at the same place by name).
        first=with_place(box=False).order_by(*first_order),
        then=without_place.order_by(*then_order),
        order=("part", "nearness", "-covers_origin", *rank, "name", "id"),  # part 1 has no ties but by name
        first_count=with_place(box=True),
    )


def services_search(**filters: Any) -> QuerySet[Service]:
    """Open and temporarily closed services matching every given filter (AND), best first.

    Filters: `query` is full-text: English stemming, accents ignored, ranked by `ts_rank` (name > categories and
    provider > summary and description > eligibility); with `correction` (`query_correct`), each misspelt word also
    matches its correction. `category`, `districts`, `audience`, `need_level` and `age`. With `origin` (a
    `PostcodeLocation`), each service has the `distance` in miles to its nearest place (and its `place`, that
    place's town) and `covers_origin` (it covers the postcode's district), and is sorted nearest first, then those
    without a place; with `radius_miles` too, only services with a place within the radius, or with no place to
    visit but covering the postcode's district, are kept. Only services that run `on` that day (today by default).
    Who a service is for is read as of that day, scheduled changes included.
    """
    return _search(**filters).combined()


@dataclass(frozen=True)
class SearchPage:
    """One page of search results (shaped like Django's Page for the pagination template)."""

    services: Sequence[Service]
    number: int
    count: int  # at most TOTAL_CAP: see `more`
    page_size: int
    correction: Correction | None
    more: bool = False  # more than `count` match

    @property
    def count_text(self) -> str:
        return f"{self.count:,}"

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.page_size))

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1

    def __iter__(self) -> Iterator[Service]:
        return iter(self.services)

    def __len__(self) -> int:
        return len(self.services)


# What a search result shows (services/includes/results.html).
RESULT_FIELDS = ("name", "slug", "summary", "status", "districts", "accepts_self_referral", "organisation__name")


def _page_of(search: _Search, *, number: int, page_size: int, on: date) -> tuple[list[Service], int]:
    """Page `number` of `search` and its total (capped at TOTAL_CAP + 1), in one query: each part is read only as
    far as the page, and each counted only up to the cap."""
    # The districts it covers that day: those of its latest change that moves them, else its own.
    moves = district_moves(on=on).filter(service_id=OuterRef("pk"))
    districts_on = Coalesce(
        Subquery(moves.order_by("-takes_effect_on").values("districts")[:1]),
        F("districts"),
        output_field=Service._meta.get_field("districts"),
    )
    end = number * page_size
    qs = search.combined(
        limit=end if search.then is not None else None, only=RESULT_FIELDS, total=True, districts_on=districts_on
    )
    services = list(qs[end - page_size : end])
    if services and services[0].total is not None:  # type: ignore[attr-defined]
        return services, services[0].total  # type: ignore[attr-defined]
    if not services and number == 1:
        return [], 0
    # A page of the second part alone, or past the end: the total on its own (one more query).
    count = Service.objects.order_by().values(total=search.total_expression())[:1]
    return services, count[0]["total"] if count else 0


def services_search_page(*, page_number: int, page_size: int = 20, query: str = "", **filters: Any) -> SearchPage:
    """A page of `services_search` results and their total, in one query whatever the number of matches (a page
    past the end shows the last page). A total over TOTAL_CAP reads as "more than" it, and pages go that far.

    A query with words that finds nothing is corrected ("Did you mean"): each word the directory does not use is
    replaced by its closest word that it does (one query), and the page is the corrected search's, if that finds
    anything (one more). `filters` are those of `services_search`. Each service has `districts_on`, the districts
    it covers that day; from a postcode also `place`, the town (or name) of its nearest place."""
    on = filters.get("on") or timezone.localdate()
    number = max(1, page_number)
    search = _search(query=query, **filters)
    services, total = _page_of(search, number=number, page_size=page_size, on=on)
    correction = None
    if not total and query.strip():
        found = query_correct(query=query)
        if found.corrected:
            search = _search(query=query, correction=found, **filters)
            services, total = _page_of(search, number=number, page_size=page_size, on=on)
            correction = found if total else None  # a suggestion that finds nothing is no help
    more = total > TOTAL_CAP
    total = min(total, TOTAL_CAP)
    if total and not services:  # past the end: the last page
        number = math.ceil(total / page_size)
        services, _ = _page_of(search, number=number, page_size=page_size, on=on)
    return SearchPage(services, number, total, page_size, correction, more)


def open_services_by_slug(*, slugs: Sequence[str]) -> dict[str, Service]:
    """The open services among `slugs`, by slug (a page linking to them leaves out any that is gone)."""
    found = Service.objects.filter(slug__in=list(slugs), status__in=Service.OPEN_STATUSES).only("slug", "name")
    return {service.slug: service for service in found}
