"""Public pages of the service directory: search, category pages and service pages."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from services.eligibility import eligibility_with_notices
from services.forms import ServiceSearchForm
from services.geography import area_districts, area_label
from services.models import AccessMethod, Audience, NeedLevel, Service, TaxonomyTerm
from services.presentation import opening_times, service_json_ld
from services.selectors.directory import category_by_slug, directory_cached, search_categories
from services.selectors.postcodes import PostcodeLocation, postcode_lookup
from services.selectors.search import RADIUS_CHOICES_MILES
from services.selectors.search_page import services_search_page
from services.selectors.service_lookups import open_services_by_slug, service_by_slug

PAGE_SIZE = 20
SEARCH_PARAMETERS = frozenset(ServiceSearchForm.base_fields) | {"page"}
MAX_PAGE_NUMBER = 100_000  # beyond any real result set; keeps the SQL offset a sane number
# Phone numbers shown when nothing matches, so nobody leaves with nothing.
FALLBACK_CONTACTS = [
    ("Adult Social Care Connect", "03000 41 61 61", "Text relay 18001 03000 41 61 61. Out of hours 03000 41 91 91."),
]


def page_number(raw: str | None) -> int:
    """A page number from the query string: anything that is not a positive whole number means page 1.

    Numbers past the end show the last page.
    """
    try:
        number = int(raw or "1")
    except ValueError:
        return 1
    return min(max(1, number), MAX_PAGE_NUMBER)


def _query_without(params: QueryDict, *names: str) -> str:
    """The query string without `names` and the page number."""
    dropped = {*names, "page"}
    return urlencode([(name, value) for name, values in params.lists() if name not in dropped for value in values])


def _applied_filters(
    request: HttpRequest, data: dict[str, Any], categories: dict[str, TaxonomyTerm]
) -> list[dict[str, str]]:
    """Each applied filter with a link that removes it."""
    filters = []
    labels: dict[str, str] = {}
    if "q" in data:
        labels["q"] = f"“{data['q']}”"
    if "category" in data:
        labels["category"] = categories[data["category"]].name
    if "area" in data:
        labels["area"] = area_label(data["area"]) or data["area"]
    if "audience" in data:
        labels["audience"] = str(Audience(data["audience"]).label)
    if "need_level" in data:
        labels["need_level"] = f"{NeedLevel(data['need_level']).label} needs"
    if data.get("age") is not None:
        labels["age"] = f"age {data['age']}"
    if "age_from" in data or "age_to" in data:
        labels["age_from"] = _age_range_label(data.get("age_from"), data.get("age_to"))  # removes the whole range
    if "postcode" in data:
        labels["postcode"] = f"postcode {data['postcode']}"
    if "radius" in data and "postcode" in data:
        labels["radius"] = f"Within {data['radius']} mile{'s' if data['radius'] != 1 else ''}"
    for name, label in labels.items():
        removes = {"postcode": ("postcode", "radius"), "age_from": ("age_from", "age_to")}.get(name, (name,))
        filters.append({"label": label, "url": "?" + _query_without(request.GET, *removes)})
    return filters


def _age_range_label(age_from: int | None, age_to: int | None) -> str:
    if age_from is not None and age_to is not None:
        return f"ages {age_from} to {age_to}"
    return f"ages {age_from} and over" if age_from is not None else f"ages up to {age_to}"


def search(request: HttpRequest) -> HttpResponse:
    """GET /services/ — keyword, category, area, audience and distance search.

    The main content depends only on the query string and the directory (nothing about who is asking), so it is
    cached whole for this directory version: a repeated search renders only the page around it.
    """
    # Only the search's own parameters: anything else would make a new cache entry per made-up parameter (and the
    # page's links carry every parameter, so it must not share content with a search without them).
    cacheable = set(request.GET) <= SEARCH_PARAMETERS
    if cacheable:
        params = hashlib.sha256(json.dumps(sorted(request.GET.lists())).encode()).hexdigest()
        # Keyed by the day too: services start, end and change who they are for on a date with no write to the
        # directory.
        key = f"search:{timezone.localdate()}:{params}"
        page = directory_cached(key, lambda: _search_content(request))
    else:
        page = _search_content(request)
    return render(
        request,
        "services/search.html",
        {
            "page_title": page["title"],
            "has_errors": page["has_errors"],
            "content": mark_safe(page["content"]),  # noqa: S308 - HTML this view rendered from its template
        },
    )


def _search_content(request: HttpRequest) -> dict[str, Any]:
    """The search page's title and main content (services/includes/search_content.html), for the cache."""
    categories = search_categories()
    form = ServiceSearchForm(request.GET or None, categories=categories)
    data = form.valid_data() if request.GET else {}
    searched = any(name in request.GET for name in form.fields)
    context: dict[str, Any] = {"form": form, "searched": searched, "categories": categories}
    origin = postcode_lookup(postcode=data["postcode"]) if "postcode" in data else None
    if "postcode" in data and origin is None:
        form.add_error(
            "postcode", f"We could not find {data.pop('postcode')}. Check the postcode, or search without it"
        )
    if searched:
        context |= _results_context(request, data, form.categories, origin)
    content = render_to_string("services/includes/search_content.html", context)
    return {
        "title": "Search results" if searched else "Find support",
        "has_errors": bool(form.errors),
        "content": content,
    }


def _results_context(
    request: HttpRequest,
    data: dict[str, Any],
    categories: dict[str, TaxonomyTerm],
    origin: PostcodeLocation | None,
) -> dict[str, Any]:
    radius = data.get("radius") if origin is not None else None
    page = services_search_page(
        page_number=page_number(request.GET.get("page")),
        page_size=PAGE_SIZE,
        query=data.get("q", ""),
        category=categories.get(data.get("category", "")),
        districts=area_districts(data["area"]) if "area" in data else None,
        audience=data.get("audience"),
        need_level=data.get("need_level"),
        age=data.get("age"),
        age_from=data.get("age_from"),
        age_to=data.get("age_to"),
        origin=origin,
        radius_miles=radius,
    )
    correction = page.correction
    suggestion = correction.suggestion if correction else None
    wider_radius = None
    if radius is not None and not page.count:  # offered when nothing was found
        wider = [m for m in RADIUS_CHOICES_MILES if m > radius]
        params = request.GET.copy()
        params.pop("page", None)
        if wider:
            params["radius"] = str(wider[0])
        else:
            params.pop("radius", None)
        wider_radius = {"miles": wider[0] if wider else None, "url": "?" + params.urlencode()}
    return {
        "page_obj": page,
        "total": page.count,
        # Carers' information pages matching the words, shown above the services (services.guides).
        "information_pages": page.information_pages,
        "origin": origin,
        "applied_filters": _applied_filters(request, data, categories),
        "suggestion": suggestion,
        "suggestion_url": "?" + urlencode({**{k: v for k, v in request.GET.items() if k != "page"}, "q": suggestion})
        if suggestion
        else "",
        "corrected_words": correction.corrected if correction else {},
        "wider_radius": wider_radius,
        "page_query": _query_without(request.GET),
        "fallback_contacts": FALLBACK_CONTACTS,
    }


def category(request: HttpRequest, slug: str) -> HttpResponse:
    """GET /services/category/<slug>/ — every open service of one type, with links to narrow it down."""
    term = get_object_or_404(category_by_slug(slug=slug))
    page = services_search_page(page_number=page_number(request.GET.get("page")), page_size=PAGE_SIZE, category=term)
    return render(request, "services/category.html", {"category": term, "page_obj": page, "total": page.count})


def _json_ld(service: Service, districts: Iterable[str], request: HttpRequest) -> SafeString:
    data = service_json_ld(service=service, districts=districts, base_url=request.build_absolute_uri("/").rstrip("/"))
    # Escape <, > and & so the data can never close the <script> element (as Django's json_script does).
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above; it is JSON inside a data block


def detail(request: HttpRequest, slug: str, printable: bool = False) -> HttpResponse:
    """GET /services/<slug>/ — everything about one service, in plain English."""
    service = get_object_or_404(service_by_slug(slug=slug))
    today = timezone.localdate()
    notices = eligibility_with_notices(service=service, on=today)
    eligibility = notices.current
    context = {
        "service": service,
        # Who it is for today, and the plain notice before the next scheduled change (read as of today, so a
        # change shows on its day with nothing having to run).
        "eligibility": eligibility,
        "upcoming": notices.upcoming,
        "proposal": notices.proposal,
        "ended": service.has_ended(today),
        "not_started": not service.has_started(today),
        "takes_requests": service.accepts_self_referral and service.is_open and service.runs_on(today),
        "categories": list(service.categories.all()),
        "places": [
            {"location": sal.location, "times": opening_times(list(sal.schedules.all()))}
            for sal in service.service_at_locations.all()
        ],
        "audiences": [str(Audience(a).label) for a in service.audiences if a in Audience.values],
        "access_methods": [str(AccessMethod(a).label) for a in service.access_methods if a in AccessMethod.values],
        "opening_times": opening_times(list(service.schedules.all())),
        "phones": list(service.phones.all()),
        "json_ld": _json_ld(service, eligibility.districts, request),
        "printable": printable,
        "site_url": escape(getattr(settings, "SITE_URL", "")),
    }
    return render(request, "services/print.html" if printable else "services/detail.html", context)


def detail_print(request: HttpRequest, slug: str) -> HttpResponse:
    return detail(request, slug, printable=True)


# The front doors and community roles the "Where to get help" page explains, by the slug of their demo entry.
HELP_PAGE_SERVICES = (
    "adult-social-care-connect",
    "adult-social-care-connect-clinics",
    "community-navigation-east-kent",
    "community-navigation-west-kent",
    "community-navigation-dgs-swale",
    "live-well-kent-dgs-swale",
    "social-prescribing",
    "community-wardens",
    "positive-wellbeing",
    "kent-enablement-service-drop-ins",
)


def where_to_get_help(request: HttpRequest) -> HttpResponse:
    """Who does what among the people whose job is to help you find support, and how to reach each."""
    services = open_services_by_slug(slugs=HELP_PAGE_SERVICES)
    return render(
        request, "services/where_to_get_help.html", {"linked": {k.replace("-", "_"): v for k, v in services.items()}}
    )
