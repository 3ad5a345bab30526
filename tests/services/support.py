"""Helpers shared by the directory tests: the admin form for a service and a page's JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from services.models import Service


def service_form(service: Service, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": service.name,
        "slug": service.slug,
        "organisation": service.organisation_id,
        "status": service.status,
        "summary": service.summary,
        "description": service.description,
        "categories": [t.pk for t in service.categories.all()],
        "districts": service.districts,
        "audiences": service.audiences,
        "conditions": service.conditions,
        "access_methods": service.access_methods,
        "assured_date": service.assured_date.isoformat() if service.assured_date else "",
        "minimum_age": service.minimum_age if service.minimum_age is not None else "",
        "maximum_age": "",
    }
    if service.accepts_self_referral:
        data["accepts_self_referral"] = "on"
    for prefix in (
        "service_at_locations",
        "phones",
        "schedules",
        "contacts",
        "cost_options",
        "languages",
        "service_areas",
        "eligibility_changes",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


def json_ld(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD block with a CSP nonce"
    data: dict[str, object] = json.loads(match.group(1))
    return data
