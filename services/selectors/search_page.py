"""Reads for one page of directory search results."""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

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
    end = number * page_size
    qs = search.combined(
        limit=end if search.then is not None else None, only=RESULT_FIELDS, total=True, districts_on=districts_on(on=on)
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
