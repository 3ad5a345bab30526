"""The Open Referral UK (HSDS 3.0 UK profile) API's views: public, read-only JSON under /api/v1/.

Every response, errors included, carries `Access-Control-Allow-Origin: *` (an ORUK compliance rule).
Bad input gets a 400 with a message, never a 500.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from services.api.parameters import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    MAX_PROXIMITY_METRES,
    BadRequest,
    _int_param,
    _path_uuid,
    _search_filters,
    _uuid_param,
)
from services.api.serialisers import _sal_json, _today, service_full_json, service_list_json, taxonomy_json, term_json
from services.geography import METRES_PER_MILE
from services.models import (
    Contact,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
    running_on,
)
from services.selectors.eligibility import eligibility_values, eligible_on
from services.selectors.postcodes import postcode_lookup
from services.selectors.search import distance_miles_expression, services_search

ORUK_VERSION = "3.0"
ORUK_PROFILE = "https://openreferraluk.org/"
OPENAPI_FILE = Path(__file__).resolve().parents[1] / "data" / "oruk_openapi.json"


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


def _service_full_queryset() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").prefetch_related(
        "schedules",
        "service_areas",
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


def _filtered_services(request: HttpRequest, filters: dict[str, Any]) -> QuerySet[Service]:
    term_id = filters.pop("term_id")
    taxonomy_id = filters.pop("taxonomy_id")
    minimum_age = filters.pop("minimum_age")
    maximum_age = filters.pop("maximum_age")
    schedule = filters.pop("schedule")
    today = _today()
    qs = services_search(**filters, on=today)  # only services running today
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
        qs = qs.filter(eligible_on(on=today, rule=Q(minimum_age__gte=minimum_age)))
    if maximum_age is not None:
        qs = qs.filter(eligible_on(on=today, rule=Q(maximum_age__lte=maximum_age)))
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
    return _page(request, qs.annotate(**eligibility_values(on=_today())), service_list_json)


@api_view
def service(request: HttpRequest, id: str) -> dict[str, Any] | HttpResponse:
    try:
        key = uuid.UUID(id)
    except ValueError:
        raise BadRequest("The service id must be a UUID.") from None
    today = _today()
    found = _service_full_queryset().filter(running_on(today), uuid=key).annotate(**eligibility_values(on=today))
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


@api_view
def service_at_locations(request: HttpRequest) -> dict[str, Any]:
    """Places where services run. `postcode` sorts by distance; `proximity` (metres) limits it."""
    filters = _search_filters(request)
    services_qs = _filtered_services(request, filters)
    qs = (
        ServiceAtLocation.objects.select_related("service__organisation", "location")
        .annotate(**eligibility_values(on=_today(), prefix="service__"))
        .filter(service__in=Subquery(services_qs.order_by().values("pk")))
    )
    postcode = request.GET.get("postcode", "").strip()
    proximity = _int_param(request, "proximity", default=None, low=1, high=MAX_PROXIMITY_METRES)
    if postcode:
        origin = postcode_lookup(postcode=postcode[:16])
        if origin is None:
            raise BadRequest("postcode is not a known UK postcode.")
        qs = qs.filter(location__latitude__isnull=False).annotate(distance=distance_miles_expression(origin))
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
