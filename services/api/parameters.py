"""The API's query parameters: parsed and checked, a 400 with a message for bad input."""

from __future__ import annotations

import re
import uuid
from datetime import time
from typing import Any

from django.http import HttpRequest

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METRES = 200_000
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class BadRequest(Exception):
    pass


def _int_param(request: HttpRequest, name: str, *, default: int | None, low: int, high: int) -> int | None:
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number.") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}.")
    return value


def _uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a UUID.") from None


_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?")
_DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _time_param(request: HttpRequest, name: str) -> time | None:
    """A time of day as HH:MM or HH:MM:SS (24-hour clock)."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    match = _TIME.fullmatch(raw)
    if match is None:
        raise BadRequest(f"{name} must be a time on the 24-hour clock, like 09:30.")
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def _day_param(request: HttpRequest) -> int | None:
    """A day of the week as the schedules show it (MO, TU ... SU) or its English name; Monday is 0."""
    raw = request.GET.get("day", "").strip()
    if not raw:
        return None
    if raw.upper() in BYDAY:
        return BYDAY.index(raw.upper())
    if raw.lower() in _DAY_NAMES:
        return _DAY_NAMES.index(raw.lower())
    raise BadRequest("day must be a day of the week, like MO or Monday.")


def _path_uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadRequest("The id must be a UUID.") from None


def _search_filters(request: HttpRequest) -> dict[str, Any]:
    search = request.GET.get("search", "").replace("\x00", "").strip()
    if len(search) > MAX_SEARCH_LENGTH:
        raise BadRequest(f"search must be {MAX_SEARCH_LENGTH} characters or fewer.")
    filters: dict[str, Any] = {"query": search}
    term_id = _uuid_param(request, "taxonomy_term_id")
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    filters["minimum_age"] = _int_param(request, "minimum_age", default=None, low=0, high=130)
    filters["maximum_age"] = _int_param(request, "maximum_age", default=None, low=0, high=130)
    schedule: dict[str, int | time | None] = {"weekday": _day_param(request)}
    schedule["opens_at__gte"] = _time_param(request, "start_time")
    schedule["closes_at__lte"] = _time_param(request, "end_time")
    filters["schedule"] = {lookup: value for lookup, value in schedule.items() if value is not None}
    return filters | {"term_id": term_id, "taxonomy_id": taxonomy_id}
