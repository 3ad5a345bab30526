from __future__ import annotations

import re

from django import template

from services import presentation
from services.models import Location

register = template.Library()


@register.filter
def distance_text(miles: float | None) -> str:
    return presentation.distance_text(miles)


@register.filter
def coverage_text(districts: list[str]) -> str:
    return presentation.coverage_text(districts)


@register.filter
def directions_url(location: Location) -> str:
    return presentation.directions_url(location)


@register.filter
def tel_href(number: str) -> str:
    """A tel: link target (digits and a leading + only)."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)
