"""Reads for the directory search: full text with spelling corrections, filters and distance."""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
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
)
from services.models import (
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    running_on,
)
from services.selectors.eligibility import covers_on, serves_age, serves_ages, serves_need_level
from services.selectors.postcodes import PostcodeLocation

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


def place_earth(prefix: str = "") -> F:
    """A location row's point on the earth (its stored `earth` column, indexed by location_earth_gist)."""
    return F(f"{prefix}earth")


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
    # The services `first` finds, for counting (one row each, found through the radius's bounding box).
    first_count: QuerySet[Service] | None = None

    def parts(self) -> list[QuerySet[Service]]:
        return [self.first] if self.then is None else [self.first, self.then]

    def combined(
        self,
        limit: int | None = None,
        only: Sequence[str] = (),
        once: Mapping[str, Any] | None = None,
        **annotations: Any,
    ) -> QuerySet[Service]:
        """Every result in order (each part read up to `limit` rows, from its own index), with `only` those fields
        and `annotations`. `once` are values about the whole search, not a row (such as the total, from
        `total_expression`): subqueries that do not depend on the row, which PostgreSQL works out once; the first
        part's rows carry them, the other part's have NULL."""
        parts = [part.annotate(**annotations) if annotations else part for part in self.parts()]
        if once:
            parts[0] = parts[0].annotate(**once)
            nulls = {name: Value(None, output_field=value.output_field) for name, value in once.items()}
            parts[1:] = [part.annotate(**nulls) for part in parts[1:]]
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
    age_from: int | None = None,
    age_to: int | None = None,
    on: date | None = None,
) -> _Search:
    on = on or timezone.localdate()
    qs = Service.objects.filter(status__in=Service.OPEN_STATUSES).filter(running_on(on)).select_related("organisation")
    if need_level:
        qs = qs.filter(serves_need_level(level=need_level, on=on))
    if age is not None:
        qs = qs.filter(serves_age(age=age, on=on))
    if age_from is not None or age_to is not None:
        qs = qs.filter(serves_ages(low=age_from, high=age_to, on=on))
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
        ServiceAtLocation.objects.filter(service_id=OuterRef("pk"), location__earth__isnull=False)
        .annotate(nearness=_nearness(origin, "location__"))
        .filter(Q(nearness__lt=OuterRef("nearness")) | Q(nearness=OuterRef("nearness"), pk__lt=OuterRef("link")))
    )

    def with_place() -> QuerySet[Service]:
        # The place's conditions in one filter(), so that they and the annotations share one join to it.
        at_place = Q(**{f"{place}earth__isnull": False})  # coordinates known
        if radius_miles is not None:
            at_place &= _within(origin, radius_miles, place, box=False)
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
        known = places.filter(location__earth__isnull=False)
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
    # Counted as services with a place in reach (no nearest place to find): the planner starts from the filters or
    # from the radius's bounding box in the GiST index, whichever finds fewer.
    in_reach = places.filter(location__earth__isnull=False)
    if radius_miles is not None:
        in_reach = in_reach.filter(_within(origin, radius_miles, "location__"))
    first_order: list[Any] = ["nearness", "name", "pk"]  # nearness is with_place's annotation
    return _Search(
        # Nearest first, straight from the GiST index (services at the same place by name).
        first=with_place().order_by(*first_order),
        then=without_place.order_by(*then_order),
        order=("part", "nearness", "-covers_origin", *rank, "name", "id"),  # part 1 has no ties but by name
        first_count=qs.filter(Exists(in_reach)),
    )


def services_search(**filters: Any) -> QuerySet[Service]:
    """Open and temporarily closed services matching every given filter (AND), best first.

    Filters: `query` is full-text: English stemming, accents ignored, ranked by `ts_rank` (name > categories and
    provider > summary and description > eligibility); with `correction` (`query_correct`), each misspelt word also
    matches its correction. `category`, `districts`, `audience`, `need_level`, `age`, and `age_from` and
    `age_to` (services open to some age in that range: their age range overlaps it). With `origin` (a
    `PostcodeLocation`), each service has the `distance` in miles to its nearest place (and its `place`, that
    place's town) and `covers_origin` (it covers the postcode's district), and is sorted nearest first, then those
    without a place; with `radius_miles` too, only services with a place within the radius, or with no place to
    visit but covering the postcode's district, are kept. Only services that run `on` that day (today by default).
    Who a service is for is read as of that day, scheduled changes included.
    """
    return _search(**filters).combined()
