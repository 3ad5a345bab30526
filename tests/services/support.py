"""Helpers shared by the directory tests: the admin form for a service and a page's JSON-LD."""

from __future__ import annotations

import json
import re
from typing import Any

from django.test import Client

from services.models import Service, ServiceImport
from services.services.csv_import import service_import_run


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


# The reports' numbers, normalised to digits, with where each one is given.
REPORT_NUMBERS: dict[str, str] = {
    "03000416161": "Adult social care contact centre: 003 item B4 'Getting in touch'; 004 22/00015 'Get in touch'",
    "03000419191": "Out of hours service: 003 item B4 'Getting in touch'; 004 22/00015 'Get in touch'",
    "03000421553": "Alternative formats: 003 item B4 'Getting in touch'",
    "03000412400": "Shared Lives: 003 item B4, Maria and Kevin's Shared Lives story",
    "03000415520": "Good Day Programme: 003 item B4, The Good Day Programme",
    "08005677699": "Live Well Kent referrals: 003 item B4 'Live Well Kent' and item D2 leaflet",
}

# Anything that looks like a UK phone number: from 0 or +44, digits with spaces or hyphens between.
NUMBER_RE = re.compile(r"(?<![\d\w])(?:\+44[ -]?|0)\d(?:[ -]?\d){7,11}(?![\d])")


def csv_import(client: Client, upload: Any) -> Any:
    """Upload a CSV as a commissioner would, run the import as the worker would, and open its result page."""
    response = client.post("/staff/services/service/import-csv/", {"file": upload})
    if response.status_code != 302:
        return response
    service_import = ServiceImport.objects.get()
    assert response["Location"] == f"/staff/services/service/import-csv/{service_import.pk}/"
    assert service_import.status == ServiceImport.Status.WAITING  # the request did not wait for the import
    service_import_run(import_id=service_import.pk)
    return client.get(response["Location"])
