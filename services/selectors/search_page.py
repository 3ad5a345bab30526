"""Reads for one page of directory search results."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, QuerySet
from django.db.models.functions import JSONObject
from django.utils import timezone

from services.guides.models import InformationPage
from services.models import (
    Service,
)
from services.selectors.eligibility import districts_on
from services.selectors.search import TOTAL_CAP, Correction, _Search, _search, query_correct


@dataclass(frozen=True)
class SearchPage:
    """One page of search results (shaped like Django's Page for the pagination template)."""

    services: Sequence[Service]
    number: int
    count: int  # at most TOTAL_CAP: see `more`
    page_size: int
    correction: Correction | None
    more: bool = False  # more than `count` match
    # The carers' information pages (services.guides) the words match, shown above the services.
    information_pages: Sequence[InformationPage] = ()

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
INFORMATION_PAGES_SHOWN = 3


def information_pages_matching(*, query: str) -> QuerySet[InformationPage, dict[str, Any]]:
    """Published carers' information pages whose title, keywords or summary match `query` (PostgreSQL full text,
    English stemming), best first, as much of each as a search shows (kind, slug, title, summary) in one JSON value,
    so that they can come as one array in the same query as the page of services. A handful of pages, so the vector
    is made as it is read rather than stored."""
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("keywords", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
    )
    tsquery = SearchQuery(query, search_type="websearch", config="english")
    return (
        InformationPage.objects.filter(published=True)
        .annotate(document=vector)
        .filter(document=tsquery)
        .annotate(rank=SearchRank(F("document"), tsquery))
        .order_by("-rank", "position", "title")
        .values_list(JSONObject(kind="kind", slug="slug", title="title", summary="summary"), flat=True)[
            :INFORMATION_PAGES_SHOWN
        ]
    )


@dataclass(frozen=True)
class _Read:
    services: list[Service]
    total: int
    information_pages: list[dict[str, str]] | None  # None when not read (no words, or no row came back)


def _page_of(
    search: _Search,
    *,
    number: int,
    page_size: int,
    on: date,
    information_pages: QuerySet[InformationPage, dict[str, Any]] | None,
) -> _Read:
    """Page `number` of `search`, its total (capped at TOTAL_CAP + 1) and the `information_pages` (when given), in
    one query: each part is read only as far as the page, and each counted only up to the cap; the total and the
    pages are worked out once and come on the first part's rows."""
    once: dict[str, Any] = {"total": search.total_expression()}
    if information_pages is not None:
        once["information_pages"] = ArraySubquery(information_pages)
    end = number * page_size
    qs = search.combined(
        limit=end if search.then is not None else None, only=RESULT_FIELDS, once=once, districts_on=districts_on(on=on)
    )
    services = list(qs[end - page_size : end])
    if services and services[0].total is not None:  # type: ignore[attr-defined]
        return _Read(services, services[0].total, getattr(services[0], "information_pages", None))  # type: ignore[attr-defined]
    if not services and number == 1:
        return _Read([], 0, None)
    # A page of the second part alone, or past the end: the total (and the pages) on their own (one more query).
    rows = cast(list[dict[str, Any]], list(Service.objects.order_by().values(**once)[:1]))
    return _Read(services, rows[0]["total"], rows[0].get("information_pages")) if rows else _Read(services, 0, None)


def services_search_page(*, page_number: int, page_size: int = 20, query: str = "", **filters: Any) -> SearchPage:
    """A page of `services_search` results and their total, in one query whatever the number of matches (a page
    past the end shows the last page). A total over TOTAL_CAP reads as "more than" it, and pages go that far.

    A query with words that finds nothing is corrected ("Did you mean"): each word the directory does not use is
    replaced by its closest word that it does (one query), and the page is the corrected search's, if that finds
    anything (one more). With words, the page also has the carers' information pages they match
    (`information_pages_matching`), read in the same query as the services; only when no services come back, in
    their own. `filters` are those of `services_search`. Each service has `districts_on`, the districts it covers
    that day; from a postcode also `place`, the town (or name) of its nearest place."""
    on = filters.get("on") or timezone.localdate()
    number = max(1, page_number)
    pages = information_pages_matching(query=query) if query.strip() else None
    search = _search(query=query, **filters)
    read = _page_of(search, number=number, page_size=page_size, on=on, information_pages=pages)
    correction = None
    if not read.total and query.strip():
        found = query_correct(query=query)
        if found.corrected:
            search = _search(query=query, correction=found, **filters)
            read = _page_of(search, number=number, page_size=page_size, on=on, information_pages=pages)
            correction = found if read.total else None  # a suggestion that finds nothing is no help
    more = read.total > TOTAL_CAP
    total = min(read.total, TOTAL_CAP)
    if total and not read.services:  # past the end: the last page
        number = math.ceil(total / page_size)
        read = _page_of(search, number=number, page_size=page_size, on=on, information_pages=pages)
    shown = read.information_pages
    if pages is not None and shown is None:
        shown = list(pages)
    return SearchPage(
        read.services,
        number,
        total,
        page_size,
        correction,
        more,
        information_pages=[InformationPage(**page) for page in shown or []],
    )
