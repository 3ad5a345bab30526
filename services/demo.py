"""Demo directory for `manage.py seed_demo`, loaded from services/data/directory.yaml.

The file says where each fact comes from (the council reports) and is meant to be edited by hand; this
module only checks it and writes it to the database. Idempotent: records are matched by slug (a place by
its organisation and name), and a service's phones, times, languages and places are replaced each run so
the demo stays exactly as written.
"""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from carers_portal.core.demo_data import demo_data_forget
from consultations.models import Consultation
from services.geography import AREAS, LOCALITIES, District
from services.models import (
    ELIGIBILITY_CHANGE_FIELDS,
    AccessMethod,
    Audience,
    Condition,
    Contact,
    CostOption,
    EligibilityChange,
    Language,
    Location,
    NeedLevel,
    Organisation,
    Phone,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from services.selectors.directory import DIRECTORY_TAXONOMY_NAME as TAXONOMY_NAME
from services.services.directory import directory_index_refresh
from services.services.postcodes import outward_centroids_load

DIRECTORY_FILE = Path(__file__).resolve().parent / "data" / "directory.yaml"

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_SOURCE_RE = re.compile(r"^(placeholder\b|(00[0-9]) )")
_REPORT_RE = re.compile(r"\b(00[0-9])\b")
# Ofcom's numbers reserved for drama: a placeholder phone number must be one of them.
_DRAMA_RE = re.compile(r"^(01632 ?96\d ?\d{3}|07700 ?900 ?\d{3})$")

SERVICE_KEYS = {
    "slug",
    "organisation",
    "name",
    "summary",
    "description",
    "categories",
    "area",
    "districts",
    "localities",
    "audiences",
    "conditions",
    "access",
    "self_referral",
    "carers_assessments",
    "eligibility",
    "minimum_age",
    "maximum_age",
    "how_to",
    "fees",
    "phone",
    "phone_note",
    "email",
    "url",
    "hours",
    "schedule_note",
    "places",
    "languages",
    "alternate_name",
    "status",
    "alert",
    "partner",
    "source",
    # Who it is for and when (services/eligibility.py): levels of need, a referral rule, requests from outside,
    # the dates it runs between, where to go once it has ended, and scheduled changes.
    "need_levels",
    "referral_rule",
    "accepts_outside_area",
    "valid_from",
    "valid_until",
    "instead",
    "instead_note",
    "changes",
}
CHANGE_KEYS = {*ELIGIBILITY_CHANGE_FIELDS, "status"}


def is_placeholder(source: str, field: str) -> bool:
    """Whether a record's `source` says its `field` (phone, email, address...) is a placeholder: the whole record
    ("placeholder ...") or the field ("...; phone: placeholder")."""
    return source.startswith("placeholder") or re.search(rf"\b{field}: placeholder\b", source) is not None


def facts_from(source: str, data: dict[str, Any]) -> str:
    """Where a record's facts come from, for its public page: "Kent County Council's report to committee,
    September 2025" (the dates of the reports its source names, oldest first)."""
    dates: dict[str, str] = data["report_dates"]
    cited = set(_REPORT_RE.findall(source))
    named = [when for number, when in dates.items() if number in cited]
    if not named:
        return ""
    if len(named) == 1:
        return f"Kent County Council's report to committee, {named[0]}"
    return f"Kent County Council's reports to committee, {', '.join(named[:-1])} and {named[-1]}"


class DirectoryFileError(ValueError):
    """The demo directory file has a mistake; the message says which record and what."""


def directory_load(path: Path = DIRECTORY_FILE) -> dict[str, Any]:
    """The directory file, checked: every reference resolves and every record names its source."""
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    _check(data)
    return data


def _fail(where: str, problem: str) -> DirectoryFileError:
    return DirectoryFileError(f"{DIRECTORY_FILE.name}: {where}: {problem}")


def _check_source(where: str, record: dict[str, Any], reports: dict[str, str]) -> None:
    source = str(record.get("source", ""))
    match = _SOURCE_RE.match(source)
    if not match:
        raise _fail(where, "needs a source naming a report (000-004) or saying 'placeholder'")
    if match.group(2) and match.group(2) not in reports:
        raise _fail(where, f"source names report {match.group(2)}, which is not listed under reports")


def _check(data: dict[str, Any]) -> None:
    reports: dict[str, str] = data["reports"]
    if set(data["report_dates"]) != set(reports):
        raise _fail("report_dates", "give the date of every report, and only of those")
    categories = {c["slug"] for c in data["categories"]}
    organisations = {o["slug"] for o in data["organisations"]}
    for org in data["organisations"]:
        _check_source(f"organisation {org['slug']}", org, reports)
    for key, place in data["places"].items():
        _check_source(f"place {key}", place, reports)
        if place["organisation"] not in organisations:
            raise _fail(f"place {key}", f"unknown organisation {place['organisation']}")
        if place["district"] not in District.values:
            raise _fail(f"place {key}", f"unknown district {place['district']}")
    choices = {
        "audiences": set(Audience.values),
        "conditions": set(Condition.values),
        "access": set(AccessMethod.values),
        "categories": categories,
        "districts": set(District.values),
        "localities": set(LOCALITIES),
        "places": set(data["places"]),
    }
    slugs: set[str] = set()
    for spec in data["services"]:
        where = f"service {spec.get('slug')}"
        unknown = set(spec) - SERVICE_KEYS
        if unknown:
            raise _fail(where, f"unknown fields {sorted(unknown)}")
        if spec["slug"] in slugs:
            raise _fail(where, "the slug is used twice")
        slugs.add(spec["slug"])
        _check_source(where, spec, reports)
        if spec["organisation"] not in organisations:
            raise _fail(where, f"unknown organisation {spec['organisation']}")
        if ("area" in spec) == ("districts" in spec):
            raise _fail(where, "give either an area or districts")
        if "area" in spec and spec["area"] not in AREAS:
            raise _fail(where, f"unknown area {spec['area']}")
        for field, allowed in choices.items():
            wrong = set(spec.get(field, [])) - allowed
            if wrong:
                raise _fail(where, f"unknown {field} {sorted(wrong)}")
        phone = str(spec.get("phone", ""))
        if phone and is_placeholder(str(spec["source"]), "phone") != bool(_DRAMA_RE.match(phone)):
            raise _fail(where, "a placeholder phone is a drama number (01632 960xxx, 07700 900xxx), and only it is")
        for row in spec.get("hours", []):
            _days(where, row["days"])
            if not (_TIME_RE.match(row["opens"]) and _TIME_RE.match(row["closes"])):
                raise _fail(where, "opening times are written 24-hour, like 08:30")
        _check_dates(where, spec, reports, {s["slug"] for s in data["services"]})


def _check_dates(where: str, spec: dict[str, Any], reports: dict[str, str], services: set[str]) -> None:
    """Levels of need, dates, where to go instead and scheduled changes (each change names its source)."""
    if set(spec.get("need_levels", [])) - set(NeedLevel.values):
        raise _fail(where, f"need_levels must be among {NeedLevel.values}")
    for field in ("valid_from", "valid_until"):
        if field in spec and not isinstance(spec[field], date):
            raise _fail(where, f"{field} is a date, like 2026-03-31")
    if spec.get("instead") and spec["instead"] not in services:
        raise _fail(where, f"instead names unknown service {spec['instead']}")
    for change in spec.get("changes", []):
        unknown = set(change) - CHANGE_KEYS
        if unknown:
            raise _fail(where, f"unknown fields in a change {sorted(unknown)}")
        if change.get("status") not in EligibilityChange.Status.values:
            raise _fail(where, f"a change's status is one of {EligibilityChange.Status.values}")
        dated = isinstance(change.get("takes_effect_on"), date)
        if not dated and (change["status"] == EligibilityChange.Status.DECIDED or "takes_effect_on" in change):
            raise _fail(where, "a change needs takes_effect_on, a date like 2026-04-01 (a proposal may have none)")
        if set(change.get("need_levels", [])) - set(NeedLevel.values):
            raise _fail(where, f"a change's need_levels must be among {NeedLevel.values}")
        _check_source(f"{where}, change of {change.get('takes_effect_on', 'no date')}", change, reports)


def _days(where: str, value: str) -> list[int]:
    """ "mon-fri" -> [0, 1, 2, 3, 4]; "sat" -> [5]."""
    first, _, last = value.partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        raise _fail(where, f"days must be like mon, or mon-fri, not {value!r}")
    start = WEEKDAYS.index(first)
    return list(range(start, WEEKDAYS.index(last) + 1 if last else start + 1))


def _time(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def service_districts(spec: dict[str, Any]) -> list[str]:
    return list(AREAS[spec["area"]].districts) if "area" in spec else list(spec["districts"])


def _how_to(spec: dict[str, Any]) -> str:
    if spec.get("self_referral"):
        return "Use the 'Refer yourself' button on this page, or phone the number on this page."
    if spec.get("phone"):
        return "Phone the number on this page."
    return "Ask a professional who works with you, such as your GP or care manager, to refer you."


def categories_ensure(data: dict[str, Any] | None = None) -> dict[str, TaxonomyTerm]:
    """The directory's categories, in the file's order."""
    data = data or directory_load()
    taxonomy, _ = Taxonomy.objects.get_or_create(
        name=TAXONOMY_NAME,
        defaults={
            "description": "The categories used to organise the Kent Carers and Wellbeing Portal directory.",
            "version": "1",
        },
    )
    terms = {}
    for position, category in enumerate(data["categories"]):
        term, _ = TaxonomyTerm.objects.update_or_create(
            slug=category["slug"],
            defaults={
                "taxonomy": taxonomy,
                "name": category["name"],
                "description": category["description"],
                "alternative_names": category.get("alternative_names", []),
                "code": category["slug"],
                "position": position,
            },
        )
        terms[category["slug"]] = term
    return terms


def _place_ensure(place: dict[str, Any], organisations: dict[str, Organisation]) -> Location:
    centre = Postcode.objects.get(postcode=place["near"])
    location, _ = Location.objects.update_or_create(
        name=place["name"],
        organisation=organisations[place["organisation"]],
        defaults={
            "address_1": place.get("address", ""),
            "city": place["town"],
            "postcode": place["near"],
            "district": place["district"],
            "latitude": centre.latitude,
            "longitude": centre.longitude,
            "accessibility": place.get("accessibility", ""),
        },
    )
    return location


def _service_ensure(
    data: dict[str, Any],
    spec: dict[str, Any],
    organisations: dict[str, Organisation],
    terms: dict[str, TaxonomyTerm],
    places: dict[str, Location],
) -> Service:
    organisation = organisations[spec["organisation"]]
    values: dict[str, Any] = {
        "organisation": organisation,
        "name": spec["name"],
        "alternate_name": spec.get("alternate_name", ""),
        "summary": spec["summary"],
        "description": spec["description"],
        "status": spec.get("status", Service.Status.ACTIVE),
        "alert": spec.get("alert", ""),
        "districts": service_districts(spec),
        "localities": list(spec.get("localities", [])),
        "audiences": list(spec.get("audiences", [])),
        "conditions": list(spec.get("conditions", [])),
        "access_methods": list(spec.get("access", [])),
        "accepts_self_referral": bool(spec.get("self_referral", False)),
        "provides_carers_assessments": bool(spec.get("carers_assessments", False)),
        "eligibility_description": spec.get("eligibility", ""),
        "minimum_age": spec.get("minimum_age"),
        "maximum_age": spec.get("maximum_age"),
        "need_levels": list(spec.get("need_levels", [])),
        "referral_rule": spec.get("referral_rule", ""),
        "accepts_outside_area": bool(spec.get("accepts_outside_area", False)),
        "valid_from": spec.get("valid_from"),
        "valid_until": spec.get("valid_until"),
        "instead_note": spec.get("instead_note", ""),
        "application_process": spec.get("how_to") or _how_to(spec),
        "fees_description": spec.get("fees", ""),
        # Only the reports' own addresses: none is made up (24.1).
        "email": spec.get("email", ""),
        "url": spec.get("url", ""),
        # Nobody has checked the demo with the services: its page says which reports its facts are from (24.2).
        "assured_date": None,
        "assurer_email": "",
        "facts_from": facts_from(str(spec["source"]), data),
    }
    service, _ = Service.objects.update_or_create(slug=spec["slug"], defaults=values)
    service.categories.set([terms[c] for c in spec["categories"]])
    for children in (service.phones, service.schedules, service.languages, service.cost_options, service.contacts):
        children.all().delete()
    if spec.get("phone"):
        Phone.objects.create(
            service=service,
            number=spec["phone"],
            description=spec.get("phone_note", ""),
            example=is_placeholder(str(spec["source"]), "phone"),
        )
    if spec.get("partner"):
        Contact.objects.create(service=service, name=spec["partner"], title="Delivery partner")
    for row in spec.get("hours", []):
        for weekday in _days(spec["slug"], row["days"]):
            Schedule.objects.create(
                service=service, weekday=weekday, opens_at=_time(row["opens"]), closes_at=_time(row["closes"])
            )
    if spec.get("schedule_note"):
        Schedule.objects.create(service=service, description=spec["schedule_note"])
    for name, code in spec.get("languages", [["English", "en"]]):
        Language.objects.create(service=service, name=name, code=code)
    if spec.get("fees") and spec["fees"] != "Free.":
        CostOption.objects.create(service=service, option="Charges", amount_description=spec["fees"])
    keep = [
        ServiceAtLocation.objects.get_or_create(service=service, location=places[key])[0].pk
        for key in spec.get("places", [])
    ]
    service.service_at_locations.exclude(pk__in=keep).delete()
    _changes_ensure(service, spec)
    return service


def _changes_ensure(service: Service, spec: dict[str, Any]) -> None:
    """The service's scheduled changes as the file gives them; a change's unset values stay as the service's."""
    keep = []
    for change in spec.get("changes", []):
        record, _ = EligibilityChange.objects.update_or_create(
            service=service,
            takes_effect_on=change.get("takes_effect_on"),
            defaults={
                "need_levels": list(change.get("need_levels", [])),
                "minimum_age": change.get("minimum_age", service.minimum_age),
                "maximum_age": change.get("maximum_age", service.maximum_age),
                "districts": list(change.get("districts", [])),
                "referral_rule": change.get("referral_rule", service.referral_rule),
                "accepts_outside_area": change.get("accepts_outside_area", service.accepts_outside_area),
                "notice": change.get("notice", ""),
                "source": change["source"],
                "status": change["status"],
                "decided_at": None,
            },
        )
        keep.append(record.pk)
    service.eligibility_changes.exclude(pk__in=keep).delete()


def change_consultations_link(data: dict[str, Any] | None = None) -> None:
    """Each proposal's consultation, by slug (the consultations demo seeds after the directory, so it calls this
    again once they exist)."""
    data = data or directory_load()
    for spec in data["services"]:
        for change in spec.get("changes", []):
            if change.get("consultation"):
                EligibilityChange.objects.filter(
                    service__slug=spec["slug"], takes_effect_on=change.get("takes_effect_on")
                ).update(consultation=Consultation.objects.filter(slug=change["consultation"]).first())


def _instead_ensure(specs: list[dict[str, Any]]) -> None:
    """Where to go instead of an ended service, once every service exists."""
    slugs = {spec["slug"]: spec.get("instead", "") for spec in specs}
    found = {s.slug: s for s in Service.objects.filter(slug__in=[v for v in slugs.values() if v])}
    for service in Service.objects.filter(slug__in=slugs):
        target = found.get(slugs[service.slug])
        if service.instead_id != (target.pk if target else None):
            service.instead = target
            service.save(update_fields=["instead"])


def demo_seed() -> None:
    """Categories, organisations, places and services from the directory file, plus the outward-code centroids."""
    data = directory_load()
    with transaction.atomic():
        outward_centroids_load()
        terms = categories_ensure(data)
        organisations: dict[str, Organisation] = {}
        for org in data["organisations"]:
            organisations[org["slug"]], _ = Organisation.objects.update_or_create(
                slug=org["slug"],
                defaults={
                    "name": org["name"],
                    "description": org["description"],
                    # No public address is made up; notices of new referrals (staff only) go to an example one.
                    "website": "",
                    "email": "",
                    "referrals_email": f"referrals@{org['slug'][:40]}.example.org",
                },
            )
        places = {key: _place_ensure(place, organisations) for key, place in data["places"].items()}
        ids = [_service_ensure(data, spec, organisations, terms, places).pk for spec in data["services"]]
        retired = Service.objects.filter(slug__in=data.get("retired_services", [])).exclude(
            status=Service.Status.INACTIVE
        )
        ids += [service.pk for service in retired]
        retired.update(status=Service.Status.INACTIVE)
        _instead_ensure(data["services"])
        change_consultations_link(data)
        transaction.on_commit(demo_data_forget)
        directory_index_refresh(service_ids=ids)
