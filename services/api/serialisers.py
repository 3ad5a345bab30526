"""Records as ORUK (HSDS 3.0 UK profile) JSON."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from services.api.parameters import BYDAY
from services.eligibility import Eligibility, eligibility_annotated, eligibility_next_change
from services.geography import METRES_PER_MILE, district_label
from services.models import (
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

# Deterministic ids for records we derive rather than store (addresses, accessibility, service areas, attributes).
_NAMESPACE = uuid.UUID("6f1b6a2e-3c55-4f0e-9d43-6b7b3c1f2a10")


def _derived_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


def _without_blanks(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ("", None)}


def organisation_json(o: Organisation) -> dict[str, Any]:
    return _without_blanks(
        {
            "id": str(o.uuid),
            "name": o.name,
            "alternate_name": o.alternate_name,
            "description": o.description or o.name,
            "email": o.email,
            "website": o.website,
        }
    )


def term_json(term: TaxonomyTerm) -> dict[str, Any]:
    return _without_blanks(
        {
            "id": str(term.uuid),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent.uuid) if term.parent_id and term.parent else None,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": str(term.taxonomy.uuid),
            "term_uri": term.term_uri,
        }
    )


def taxonomy_json(taxonomy: Taxonomy) -> dict[str, Any]:
    return _without_blanks(
        {
            "id": str(taxonomy.uuid),
            "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.name,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )


def _schedule_json(
    s: Schedule, *, service: Service | None = None, sal: ServiceAtLocation | None = None
) -> dict[str, Any]:
    return _without_blanks(
        {
            "id": str(s.uuid),
            "service_id": str(service.uuid) if service else None,
            "service_at_location_id": str(sal.uuid) if sal else None,
            "freq": "WEEKLY" if s.weekday is not None else None,
            "byday": BYDAY[s.weekday] if s.weekday is not None else None,
            "opens_at": s.opens_at.strftime("%H:%M") if s.opens_at else None,
            "closes_at": s.closes_at.strftime("%H:%M") if s.closes_at else None,
            "valid_from": s.valid_from.isoformat() if s.valid_from else None,
            "valid_to": s.valid_to.isoformat() if s.valid_to else None,
            "description": s.description,
        }
    )


def location_json(location: Location) -> dict[str, Any]:
    data = _without_blanks(
        {
            "id": str(location.uuid),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    )
    if location.address_1 and location.city and location.postcode:
        data["addresses"] = [
            _without_blanks(
                {
                    "id": _derived_id("address", location.uuid),
                    "location_id": str(location.uuid),
                    "address_1": location.address_1,
                    "address_2": location.address_2,
                    "city": location.city,
                    "region": location.region,
                    "state_province": location.region or "Kent",
                    "postal_code": location.postcode,
                    "country": "GB",
                    "address_type": "postal" if location.location_type == Location.Type.POSTAL else "physical",
                }
            )
        ]
    if location.accessibility:
        data["accessibility"] = [
            {
                "id": _derived_id("accessibility", location.uuid),
                "location_id": str(location.uuid),
                "description": location.accessibility,
            }
        ]
    return data


def _today() -> Any:
    return timezone.localdate()


def service_list_json(s: Service, *, current: Eligibility | None = None) -> dict[str, Any]:
    """The one-to-one fields of a service (ORUK service_list), with who it is for today (`current`, else read
    from the service's eligibility annotations)."""
    if current is None:
        current = eligibility_annotated(s, service=s)
    return _without_blanks(
        {
            "id": str(s.uuid),
            "organization_id": str(s.organisation.uuid),
            "name": s.name,
            "alternate_name": s.alternate_name,
            "description": s.description or s.summary,
            "url": s.url,
            "email": s.email,
            "status": s.status,
            "interpretation_services": s.interpretation_services,
            "application_process": s.application_process,
            "fees_description": s.fees_description,
            "eligibility_description": s.eligibility_description,
            "minimum_age": current.minimum_age,
            "maximum_age": current.maximum_age,
            "assured_date": s.assured_date.isoformat() if s.assured_date else None,
            # No assurer_email: who checked a listing is a member of staff, never published (the audit log keeps it).
            "alert": s.alert,
            "last_modified": s.last_modified.isoformat(),
            "organization": organisation_json(s.organisation),
        }
    )


def _eligibility_json(s: Service, current: Eligibility) -> dict[str, Any]:
    """Who the service is for today, as one record with the dates it applies between (this portal's extension:
    the UK profile has no eligibility object; levels of need are also published as attributes)."""
    today = _today()
    upcoming = eligibility_next_change(service=s, on=today)
    valid_from = current.since or s.valid_from
    valid_to = upcoming.on - timedelta(days=1) if upcoming else s.valid_until
    return _without_blanks(
        {
            "id": _derived_id("eligibility", s.uuid, current.since or "own"),
            "service_id": str(s.uuid),
            "description": s.eligibility_description,
            "minimum_age": current.minimum_age,
            "maximum_age": current.maximum_age,
            "need_levels": list(current.need_levels),
            "referral_rule": current.referral_rule,
            "accepts_requests_from_outside": current.accepts_outside_area,
            "valid_from": valid_from.isoformat() if valid_from else None,
            "valid_to": valid_to.isoformat() if valid_to else None,
        }
    )


def service_full_json(s: Service, *, need_level_terms: dict[str, TaxonomyTerm] | None = None) -> dict[str, Any]:
    """A fully nested service (ORUK service): its areas, age range, levels of need and rules as of today."""
    current = eligibility_annotated(s, service=s)
    data = service_list_json(s, current=current)
    sid = str(s.uuid)
    data["eligibility"] = [_eligibility_json(s, current)]
    data["schedules"] = [_schedule_json(x, service=s) for x in s.schedules.all()]
    data["service_areas"] = [
        {
            "id": _derived_id("service-area", s.uuid, d),
            "service_id": sid,
            "name": district_label(d),
            "description": f"{district_label(d)} council district",
            "extent_type": "district",
        }
        for d in current.districts
    ] + [
        _without_blanks(
            {
                "id": str(a.uuid),
                "service_id": sid,
                "name": a.name,
                "description": a.description,
                "extent": a.extent,
                "extent_type": a.extent_type,
                "uri": a.uri,
            }
        )
        for a in s.service_areas.all()
    ]
    data["service_at_locations"] = [
        {
            "id": str(sal.uuid),
            "service_id": sid,
            "location_id": str(sal.location.uuid),
            "location": location_json(sal.location),
            "schedules": [_schedule_json(x, sal=sal) for x in sal.schedules.all()],
        }
        for sal in s.service_at_locations.all()
    ]
    data["languages"] = [
        _without_blanks({"id": str(x.uuid), "service_id": sid, "name": x.name, "code": x.code, "note": x.note})
        for x in s.languages.all()
    ]
    data["cost_options"] = [
        _without_blanks(
            {
                "id": str(c.uuid),
                "service_id": sid,
                "option": c.option,
                "amount": float(c.amount) if c.amount is not None else None,
                "currency": c.currency,
                "amount_description": c.amount_description,
                "valid_from": c.valid_from.isoformat() if c.valid_from else None,
                "valid_to": c.valid_to.isoformat() if c.valid_to else None,
            }
        )
        for c in s.cost_options.all()
    ]
    data["contacts"] = [
        _without_blanks(
            {
                "id": str(c.uuid),
                "service_id": sid,
                "name": c.name,
                "title": c.title,
                "department": c.department,
                "email": c.email,
            }
        )
        for c in s.contacts.all()
    ]
    data["phones"] = [
        _without_blanks(
            {
                "id": str(p.uuid),
                "service_id": sid,
                "number": p.number,
                "extension": p.extension,
                "type": p.type,
                "description": p.description,
            }
        )
        for p in s.phones.all()
        if not p.example  # an example number in demonstration data is not data (issue 24.1)
    ]
    data["attributes"] = [
        {
            "id": _derived_id("attribute", s.uuid, term.uuid),
            "link_id": sid,
            "link_type": "service",
            "taxonomy_term_id": str(term.uuid),
            "taxonomy_term": term_json(term),
        }
        for term in s.categories.all()
    ]
    terms = need_level_terms if need_level_terms is not None else need_level_terms_by_code()
    data["attributes"] += [
        {
            "id": _derived_id("attribute", s.uuid, terms[level].uuid),
            "link_id": sid,
            "link_type": "eligibility",
            "taxonomy_term_id": str(terms[level].uuid),
            "taxonomy_term": term_json(terms[level]),
        }
        for level in current.need_levels
        if level in terms
    ]
    return data


NEED_LEVEL_TAXONOMY = "Kent levels of need"  # made by migration 0011


def need_level_terms_by_code() -> dict[str, TaxonomyTerm]:
    terms = TaxonomyTerm.objects.select_related("taxonomy", "parent").filter(taxonomy__name=NEED_LEVEL_TAXONOMY)
    return {term.code: term for term in terms}


def _sal_json(sal: ServiceAtLocation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(sal.uuid),
        "service_id": str(sal.service.uuid),
        "location_id": str(sal.location.uuid),
        "location": location_json(sal.location),
        "service": service_list_json(sal.service, current=eligibility_annotated(sal, service=sal.service)),
    }
    distance = getattr(sal, "distance", None)
    if distance is not None:
        data["distance"] = round(distance * METRES_PER_MILE)
    return data
