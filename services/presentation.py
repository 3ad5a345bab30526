"""How directory records read to people (plain English) and to machines (schema.org JSON-LD)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import time
from typing import Any
from urllib.parse import urlencode

from services.geography import AREAS, district_label
from services.models import Location, Schedule, Service

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SCHEMA_DAYS = [f"https://schema.org/{day}" for day in DAY_NAMES]


def time_text(value: time) -> str:
    """GOV.UK style times: 9am, 5:30pm, midday, midnight."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    suffix = "am" if value.hour < 12 else "pm"
    hour = value.hour % 12 or 12
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def schedule_text(schedule: Schedule) -> str:
    if schedule.opens_at and schedule.closes_at:
        if schedule.opens_at == time(0, 0) and schedule.closes_at >= time(23, 59):
            return "24 hours"
        return f"{time_text(schedule.opens_at)} to {time_text(schedule.closes_at)}"
    return schedule.description


def opening_times(schedules: Iterable[Schedule]) -> list[dict[str, str]]:
    """One row per day (several time ranges joined), then any free-text schedules ("First Monday ...")."""
    by_day: dict[int, list[str]] = {}
    notes: list[str] = []
    for schedule in sorted(schedules, key=lambda s: (s.weekday if s.weekday is not None else 9, s.opens_at or time())):
        if schedule.weekday is None:
            if schedule.description:
                notes.append(schedule.description)
            continue
        text = schedule_text(schedule)
        if text:
            by_day.setdefault(schedule.weekday, []).append(text)
    rows = [{"day": DAY_NAMES[day], "times": " and ".join(times)} for day, times in sorted(by_day.items())]
    if len(rows) == 7 and all(r["times"] == "24 hours" for r in rows):
        rows = [{"day": "Every day", "times": "24 hours"}]
    return rows + [{"day": "", "times": note} for note in notes]


def distance_text(miles: float | None) -> str:
    if miles is None:
        return ""
    if miles < 1:
        return "Less than a mile away"
    rounded = round(miles, 1) if miles < 10 else round(miles)
    return "1 mile away" if rounded == 1 else f"{rounded:g} miles away"


def coverage_text(districts: Iterable[str]) -> str:
    """The biggest named area that exactly matches, else the district names."""
    return _coverage_text(frozenset(districts))


@functools.lru_cache(maxsize=4096)  # every search result shows one: worked out once per set of districts
def _coverage_text(wanted: frozenset[str]) -> str:
    if not wanted:
        return ""
    for area in AREAS.values():
        if set(area.districts) == wanted:
            return area.label
    names = sorted(district_label(d) for d in wanted)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def directions_url(location: Location) -> str:
    if location.latitude is not None and location.longitude is not None:
        destination = f"{location.latitude},{location.longitude}"
    else:
        destination = ", ".join(location.address_lines)
    return "https://www.google.com/maps/dir/?" + urlencode({"api": "1", "destination": destination})


def service_json_ld(*, service: Service, districts: Iterable[str], base_url: str) -> dict[str, Any]:
    """schema.org description of a service page, for search engines (`districts`: those it covers today)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": f"{base_url}{service.get_absolute_url()}",
        "url": f"{base_url}{service.get_absolute_url()}",
        "identifier": str(service.uuid),
        "name": service.name,
        "description": service.summary or service.description[:300],
        "provider": {
            "@type": "Organization",
            "name": service.organisation.name,
            **({"url": service.organisation.website} if service.organisation.website else {}),
        },
        "areaServed": [{"@type": "AdministrativeArea", "name": district_label(d)} for d in districts],
        "serviceType": [term.name for term in service.categories.all()],
    }
    if service.assured_date:
        data["dateModified"] = service.assured_date.isoformat()
    channel: dict[str, Any] = {"@type": "ServiceChannel"}
    phones = [phone for phone in service.phones.all() if not phone.example]  # an example number is not data
    if phones:
        channel["servicePhone"] = {"@type": "ContactPoint", "telephone": phones[0].number}
    if service.url:
        channel["serviceUrl"] = service.url
    places = []
    for sal in service.service_at_locations.all():
        location = sal.location
        place: dict[str, Any] = {
            "@type": "Place",
            "name": location.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": ", ".join(p for p in (location.address_1, location.address_2) if p),
                "addressLocality": location.city,
                "postalCode": location.postcode,
                "addressCountry": "GB",
            },
        }
        if location.latitude is not None and location.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": location.latitude, "longitude": location.longitude}
        places.append(place)
    if places:
        channel["serviceLocation"] = places
    if len(channel) > 1:
        data["availableChannel"] = channel
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": SCHEMA_DAYS[s.weekday],
            "opens": s.opens_at.strftime("%H:%M"),
            "closes": s.closes_at.strftime("%H:%M"),
        }
        for s in service.schedules.all()
        if s.weekday is not None and s.opens_at and s.closes_at
    ]
    if hours:
        data["hoursAvailable"] = hours
    return data
