"""The Open Referral UK (HSDS 3.0 UK profile) API: public, read-only JSON under /api/v1/.

Every response, errors included, carries `Access-Control-Allow-Origin: *` (an ORUK compliance rule).
Bad input gets a 400 with a message, never a 500.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from collections.abc import Callable
from datetime import time, timedelta
from functools import wraps
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from services import selectors
from services.eligibility import Eligibility, eligibility_next_change, eligibility_on
from services.geography import METRES_PER_MILE, district_label
from services.models import (
    Contact,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    running_on,
)

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_SEARCH_LENGTH = 200
MAX_PROXIMITY_METRES = 200_000
OPENAPI_FILE = Path(__file__).resolve().parent / "data" / "oruk_openapi.json"
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# Deterministic ids for records we derive rather than store (addresses, accessibility, service areas, attributes).
_NAMESPACE = uuid.UUID("6f1b6a2e-3c55-4f0e-9d43-6b7b3c1f2a10")


class BadRequest(Exception):
    pass


def _derived_id(*parts: object) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    return response


def api_view(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """JSON out, CORS on every response, 400 for bad input, OPTIONS for preflight."""

    @wraps(view)
    @require_http_methods(["GET", "HEAD", "OPTIONS"])
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            return _cors(HttpResponse(status=204))
        try:
            result = view(request, *args, **kwargs)
        except BadRequest as exc:
            return _cors(JsonResponse({"error": str(exc)}, status=400))
        if isinstance(result, HttpResponse):
            return _cors(result)
        return _cors(JsonResponse(result, json_dumps_params={"ensure_ascii": False}))

    return wrapper


def _not_found(what: str) -> HttpResponse:
    return JsonResponse({"error": f"No {what} with that id."}, status=404)


# --- Parameters ---------------------------------------------------------------------------------


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


def _page(request: HttpRequest, queryset: QuerySet[Any], serialise: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The ORUK page envelope. Asking past the last page gives an empty page, not an error."""
    page_number = _int_param(request, "page", default=1, low=1, high=1_000_000) or 1
    per_page = _int_param(request, "per_page", default=DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE) or DEFAULT_PER_PAGE
    start = (page_number - 1) * per_page
    # The total rides along with the page's rows (a window count): one query for the page and its total.
    items = list(queryset.annotate(oruk_total=Window(Count("pk")))[start : start + per_page])
    total = items[0].oruk_total if items else (0 if page_number == 1 else queryset.count())
    total_pages = max(1, math.ceil(total / per_page))
    contents = [serialise(item) for item in items]
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- Serialisers ------------------------------------------------------------------------------


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


def service_list_json(s: Service) -> dict[str, Any]:
    """The one-to-one fields of a service (ORUK service_list), with who it is for today."""
    current = eligibility_on(service=s, on=_today())
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
    data = service_list_json(s)
    sid = str(s.uuid)
    current = eligibility_on(service=s, on=_today())
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


def _service_full_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").prefetch_related(
        "schedules",
        "service_areas",
        "eligibility_changes",
        "languages",
        "cost_options",
        Prefetch("contacts", queryset=Contact.objects.order_by("pk")),
        "phones",
        Prefetch("categories", queryset=TaxonomyTerm.objects.select_related("taxonomy", "parent")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related("schedules"),
        ),
    )


# --- Views ----------------------------------------------------------------------------------------


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


def _filtered_services(request: HttpRequest, filters: dict[str, Any]) -> QuerySet[Service]:
    term_id = filters.pop("term_id")
    taxonomy_id = filters.pop("taxonomy_id")
    minimum_age = filters.pop("minimum_age")
    maximum_age = filters.pop("maximum_age")
    schedule = filters.pop("schedule")
    today = _today()
    qs = selectors.services_search(**filters, on=today)  # only services running today
    if term_id:
        qs = qs.filter(categories__uuid=term_id)
    if taxonomy_id:
        qs = qs.filter(
            pk__in=Service.categories.through.objects.filter(taxonomyterm__taxonomy__uuid=taxonomy_id).values(
                "service_id"
            )
        )
    # Ages as of today: a service's own ages, or for services with scheduled changes the ages that apply today.
    if minimum_age is not None:
        qs = qs.filter(selectors.eligible_on(on=today, rule=Q(minimum_age__gte=minimum_age)))
    if maximum_age is not None:
        qs = qs.filter(selectors.eligible_on(on=today, rule=Q(maximum_age__lte=maximum_age)))
    if schedule:
        # day, start_time and end_time: one opening time meets all of them, the service's own or one of its places'.
        times = Schedule.objects.filter(
            Q(service_id=OuterRef("pk")) | Q(service_at_location__service_id=OuterRef("pk")), **schedule
        )
        qs = qs.filter(Exists(times))
    return qs


@api_view
def index(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": ORUK_VERSION,
        "profile": ORUK_PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
    }


@api_view
def openapi(request: HttpRequest) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    document["servers"] = [{"url": request.build_absolute_uri(reverse("api:index")).rstrip("/")}]
    return document


@api_view
def services(request: HttpRequest) -> dict[str, Any]:
    qs = _filtered_services(request, _search_filters(request)).prefetch_related(None)
    return _page(request, qs.prefetch_related("eligibility_changes"), service_list_json)


@api_view
def service(request: HttpRequest, id: str) -> dict[str, Any] | HttpResponse:
    try:
        key = uuid.UUID(id)
    except ValueError:
        raise BadRequest("The service id must be a UUID.") from None
    today = _today()
    found = _service_full_queryset().filter(running_on(today), uuid=key)
    service = found.first()
    if service is None:
        return _not_found("service")
    return service_full_json(service)


@api_view
def taxonomies(request: HttpRequest) -> dict[str, Any]:
    return _page(request, Taxonomy.objects.order_by("name", "pk"), taxonomy_json)


@api_view
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any] | HttpResponse:
    found = Taxonomy.objects.filter(uuid=_path_uuid(id)).first()
    if found is None:
        return _not_found("taxonomy")
    return taxonomy_json(found) | {"taxonomy_terms": [term_json(t) for t in found.terms.select_related("taxonomy")]}


@api_view
def taxonomy_terms(request: HttpRequest) -> dict[str, Any]:
    qs = TaxonomyTerm.objects.select_related("taxonomy", "parent").order_by("taxonomy__name", "position", "name", "pk")
    taxonomy_id = _uuid_param(request, "taxonomy_id")
    if taxonomy_id:
        qs = qs.filter(taxonomy__uuid=taxonomy_id)
    return _page(request, qs, term_json)


@api_view
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any] | HttpResponse:
    found = TaxonomyTerm.objects.select_related("taxonomy", "parent").filter(uuid=_path_uuid(id)).first()
    if found is None:
        return _not_found("taxonomy term")
    return term_json(found)


def _path_uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadRequest("The id must be a UUID.") from None


def _sal_json(sal: ServiceAtLocation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(sal.uuid),
        "service_id": str(sal.service.uuid),
        "location_id": str(sal.location.uuid),
        "location": location_json(sal.location),
        "service": service_list_json(sal.service),
    }
    distance = getattr(sal, "distance", None)
    if distance is not None:
        data["distance"] = round(distance * METRES_PER_MILE)
    return data


@api_view
def service_at_locations(request: HttpRequest) -> dict[str, Any]:
    """Places where services run. `postcode` sorts by distance; `proximity` (metres) limits it."""
    filters = _search_filters(request)
    services_qs = _filtered_services(request, filters)
    qs = (
        ServiceAtLocation.objects.select_related("service__organisation", "location")
        .prefetch_related("service__eligibility_changes")
        .filter(service__in=Subquery(services_qs.order_by().values("pk")))
    )
    postcode = request.GET.get("postcode", "").strip()
    proximity = _int_param(request, "proximity", default=None, low=1, high=MAX_PROXIMITY_METRES)
    if postcode:
        origin = selectors.postcode_lookup(postcode=postcode[:16])
        if origin is None:
            raise BadRequest("postcode is not a known UK postcode.")
        qs = qs.filter(location__latitude__isnull=False).annotate(distance=selectors.distance_miles_expression(origin))
        if proximity is not None:
            qs = qs.filter(distance__lte=proximity / METRES_PER_MILE)
        qs = qs.order_by(F("distance").asc(), "pk")
    elif proximity is not None:
        raise BadRequest("proximity needs a postcode.")
    else:
        qs = qs.order_by("service__name", "pk")
    return _page(request, qs, _sal_json)


@api_view
def unknown(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404 that still carries the CORS header."""
    return JsonResponse({"error": "There is no such endpoint. See openapi.json for the ones there are."}, status=404)


@api_view
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any] | HttpResponse:
    today = _today()
    found = (
        ServiceAtLocation.objects.select_related("service__organisation", "location")
        .filter(running_on(today, "service__"), uuid=_path_uuid(id))
        .first()
    )
    if found is None:
        return _not_found("service at location")
    return _sal_json(found)
