"""The ORUK API: real responses validated against the Open Referral UK schemas (resolved offline)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from services.api.views import OPENAPI_FILE
from services.models import EligibilityChange, NeedLevel, Schedule, Service, TaxonomyTerm, running_on
from tests.services.factories import ServiceFactory, place

SCHEMA_DIR = Path(__file__).parent / "oruk_schema"
PUBLIC_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
OPENAPI_URI = "urn:oruk:openapi"
SERVED_URI = "urn:portal:openapi"  # the document /api/v1/openapi.json serves: the profile's, plus our extension

pytestmark = pytest.mark.usefixtures("demo_directory")


def _registry() -> Registry[Any]:
    resources = []
    for path in SCHEMA_DIR.rglob("*.json"):
        contents = json.loads(path.read_text(encoding="utf-8"))
        uri = OPENAPI_URI if path.name == "openapi.json" else PUBLIC_BASE + path.relative_to(SCHEMA_DIR).as_posix()
        resources.append((uri, Resource.from_contents(contents, default_specification=DRAFT202012)))
    served = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    resources.append((SERVED_URI, Resource.from_contents(served, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator_for(ref: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": ref}, registry=REGISTRY, format_checker=FormatChecker())


def response_validator(path: str, document: str = OPENAPI_URI) -> Draft202012Validator:
    """The 200 response schema of an OpenAPI path, e.g. /services (page envelope with items)."""
    pointer = path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D")
    return validator_for(f"{document}#/paths/{pointer}/get/responses/200/content/application~1json/schema")


def assert_valid(validator: Draft202012Validator, instance: Any) -> None:
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def current_services() -> Any:
    """The services the API lists today: open, and neither ended nor not yet started."""
    today = timezone.localdate()
    return Service.objects.exclude(status="inactive").filter(running_on(today))


def get_json(client: Client, url: str, status: int = 200, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_index(client: Client) -> None:
    body = get_json(client, "/api/v1/")
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/api/v1/openapi.json"
    document = get_json(client, "/api/v1/openapi.json")
    assert "/services" in document["paths"]
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    assert document["components"]["schemas"]["Eligibility"]["additionalProperties"] is False  # our extension


def test_services_page_validates_and_is_paginated(client: Client) -> None:
    body = get_json(client, "/api/v1/services", per_page=10, page=2)
    assert_valid(response_validator("/services"), body)
    item_validator = validator_for(PUBLIC_BASE + "compiled/service_list.json")
    for item in body["contents"]:
        assert_valid(item_validator, item)
    total = current_services().count()
    assert (body["total_items"], body["page_number"], body["size"]) == (total, 2, 10)
    assert (body["first_page"], body["last_page"], body["empty"]) == (False, False, False)
    assert body["total_pages"] == -(-total // 10)


def test_services_search_and_taxonomy_filters_combine(client: Client) -> None:
    term = TaxonomyTerm.objects.get(slug="dementia")
    body = get_json(client, "/api/v1/services", search="dementia", taxonomy_term_id=str(term.uuid))
    names = [item["name"] for item in body["contents"]]
    assert "Dementia support: ADSS and Age UK Herne Bay and Whitstable" in names
    for item in body["contents"]:
        assert Service.objects.filter(uuid=item["id"], categories=term).exists()
    by_taxonomy = get_json(client, "/api/v1/services", taxonomy_id=str(term.taxonomy.uuid), per_page=100)
    assert by_taxonomy["total_items"] == current_services().filter(categories__isnull=False).distinct().count()


def test_age_filters(client: Client) -> None:
    body = get_json(client, "/api/v1/services", minimum_age=55, per_page=100)
    assert body["contents"]
    assert all(item["minimum_age"] >= 55 for item in body["contents"])
    body = get_json(client, "/api/v1/services", maximum_age=30)
    assert body["total_items"] == 0
    assert body["empty"] is True


def test_opening_time_filters(client: Client) -> None:
    """day, start_time and end_time: services with one opening time that meets every one given (its own, or at
    one of its places)."""
    Schedule.objects.all().delete()
    mornings = ServiceFactory(name="Monday mornings")
    Schedule.objects.create(service=mornings, weekday=0, opens_at=time(9), closes_at=time(12, 30))
    afternoons = ServiceFactory(name="Tuesday afternoons at a place")
    here = place(afternoons, latitude=51.36, longitude=1.03)
    Schedule.objects.create(service_at_location=here, weekday=1, opens_at=time(13), closes_at=time(16))
    Schedule.objects.create(service=ServiceFactory(name="By arrangement"), description="First Friday of the month")

    def names(**params: str) -> set[str]:
        body = get_json(client, "/api/v1/services", per_page=100, **params)
        assert_valid(response_validator("/services"), body)
        return {item["name"] for item in body["contents"]}

    assert names(day="MO") == names(day="monday") == {"Monday mornings"}
    assert names(day="Tu") == {"Tuesday afternoons at a place"}
    assert names(day="SU") == set()
    assert names(start_time="09:00") == {"Monday mornings", "Tuesday afternoons at a place"}
    assert names(start_time="09:01") == {"Tuesday afternoons at a place"}
    assert names(end_time="12:30:00") == {"Monday mornings"}
    assert names(day="MO", start_time="13:00") == set()  # the Monday opening starts earlier
    assert names(day="TU", start_time="12:00", end_time="17:00") == {"Tuesday afternoons at a place"}
    places = get_json(client, "/api/v1/service_at_locations", day="tuesday")
    assert [item["id"] for item in places["contents"]] == [str(here.uuid)]


def test_every_service_fully_nested_validates(client: Client) -> None:
    """Against the UK profile, and against the document the API serves, which also describes `eligibility`."""
    validator = validator_for(PUBLIC_BASE + "compiled/service.json")
    served = response_validator("/services/{id}", document=SERVED_URI)
    for service in current_services():
        body = get_json(client, f"/api/v1/services/{service.uuid}")
        assert_valid(validator, body)
        assert_valid(served, body)
        assert len(body["eligibility"]) == 1
    dementia = get_json(
        client, f"/api/v1/services/{Service.objects.get(slug='dementia-support-adss-age-uk-herne-bay-whitstable').uuid}"
    )
    assert {a["taxonomy_term"]["name"] for a in dementia["attributes"]} >= {"Dementia"}
    # The demo's places are towns the reports name, with no street address to publish.
    whitstable = [
        sal["location"] for sal in dementia["service_at_locations"] if "Whitstable" in sal["location"]["name"]
    ]
    assert whitstable
    assert "addresses" not in whitstable[0]
    assert {area["name"] for area in dementia["service_areas"]} >= {"Canterbury", "Thanet"}


def test_taxonomies_and_terms_validate(client: Client) -> None:
    body = get_json(client, "/api/v1/taxonomies")
    assert_valid(response_validator("/taxonomies"), body)
    assert body["total_items"] == 2  # the directory's categories and the levels of need
    terms = get_json(client, "/api/v1/taxonomy_terms", per_page=50)
    assert_valid(response_validator("/taxonomy_terms"), terms)
    assert terms["total_items"] == TaxonomyTerm.objects.count()
    one = get_json(client, f"/api/v1/taxonomy_terms/{terms['contents'][0]['id']}")
    assert_valid(validator_for(PUBLIC_BASE + "taxonomy_term.json"), one)
    taxonomy = get_json(client, f"/api/v1/taxonomies/{body['contents'][0]['id']}")
    assert_valid(validator_for(PUBLIC_BASE + "taxonomy.json"), taxonomy)


def test_service_at_locations_by_postcode_and_proximity(client: Client) -> None:
    body = get_json(client, "/api/v1/service_at_locations", postcode="CT5 1AA", proximity=5000)
    assert_valid(response_validator("/service_at_locations"), body)
    item_validator = validator_for(PUBLIC_BASE + "compiled/service_at_location_list.json")
    for item in body["contents"]:
        assert_valid(item_validator, item)
    distances = [item["distance"] for item in body["contents"]]
    assert distances == sorted(distances)
    assert all(d <= 5000 for d in distances)
    assert body["contents"][0]["location"]["name"] == "Age UK Herne Bay and Whitstable, Whitstable"
    everything = get_json(client, "/api/v1/service_at_locations", per_page=100)
    assert everything["total_items"] > body["total_items"]


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/api/v1/services", {"page": "0"}, "page must be between"),
        ("/api/v1/services", {"page": "abc"}, "page must be a whole number"),
        ("/api/v1/services", {"per_page": "1000"}, "per_page must be between"),
        ("/api/v1/services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id must be a UUID"),
        ("/api/v1/services", {"search": "x" * 500}, "search must be"),
        ("/api/v1/services", {"minimum_age": "-1"}, "minimum_age must be between"),
        ("/api/v1/services", {"day": "Mondays"}, "day must be a day of the week"),
        ("/api/v1/services", {"start_time": "9am"}, "start_time must be a time on the 24-hour clock"),
        ("/api/v1/services", {"end_time": "24:00"}, "end_time must be a time"),
        ("/api/v1/service_at_locations", {"start_time": "09:60"}, "start_time must be a time"),
        ("/api/v1/services/not-a-uuid", {}, "must be a UUID"),
        ("/api/v1/service_at_locations", {"postcode": "nowhere"}, "postcode is not a known"),
        ("/api/v1/service_at_locations", {"proximity": "100"}, "proximity needs a postcode"),
        (
            "/api/v1/service_at_locations",
            {"postcode": "CT5 1AA", "proximity": "ten"},
            "proximity must be a whole number",
        ),
    ],
)
def test_bad_input_is_a_400_with_a_message(client: Client, url: str, params: dict[str, str], message: str) -> None:
    body = get_json(client, url, status=400, **params)
    assert message in body["error"]


def test_unknown_endpoint_is_a_json_404_with_cors(client: Client) -> None:
    assert "no such endpoint" in get_json(client, "/api/v1/organizations", status=404)["error"]


def test_unknown_ids_and_pages_past_the_end(client: Client) -> None:
    assert "error" in get_json(client, "/api/v1/services/00000000-0000-4000-8000-000000000000", status=404)
    body = get_json(client, "/api/v1/services", page=999999)
    assert (body["empty"], body["contents"], body["last_page"]) == (True, [], True)


def test_cors_preflight_and_no_writes(client: Client) -> None:
    response = client.options("/api/v1/services")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/v1/services").status_code == 405


def test_the_api_shows_only_what_is_current_as_of_today(client: Client) -> None:
    """Who a service is for, its areas and levels of need as of the day asked; ended services are gone."""
    service = ServiceFactory(name="Wellbeing for older people", districts=["thanet", "dover"], minimum_age=55)
    EligibilityChange.objects.create(
        status="decided",
        service=service,
        takes_effect_on=date(2026, 4, 1),
        need_levels=[NeedLevel.MEDIUM, NeedLevel.HIGHER],
        minimum_age=60,
        districts=["thanet"],
    )
    ended = ServiceFactory(name="Community Navigation", valid_until=date(2026, 3, 31))
    validator = response_validator("/services/{id}", document=SERVED_URI)

    with time_machine.travel(datetime(2026, 3, 31, 12, tzinfo=UTC), tick=False):
        before = get_json(client, f"/api/v1/services/{service.uuid}")
        assert_valid(validator, before)
        assert get_json(client, f"/api/v1/services/{ended.uuid}")["name"] == "Community Navigation"
        assert [a["name"] for a in before["service_areas"]] == ["Thanet", "Dover"]
        assert before["minimum_age"] == 55
        assert before["eligibility"][0]["need_levels"] == []
        assert before["eligibility"][0]["valid_to"] == "2026-03-31"
        assert not [a for a in before["attributes"] if a["link_type"] == "eligibility"]
        listed = get_json(client, "/api/v1/services", minimum_age=56, per_page=100)
        assert service.name not in {item["name"] for item in listed["contents"]}

    with time_machine.travel(datetime(2026, 4, 1, 12, tzinfo=UTC), tick=False):
        after = get_json(client, f"/api/v1/services/{service.uuid}")
        assert_valid(validator, after)
        assert [a["name"] for a in after["service_areas"]] == ["Thanet"]
        assert after["minimum_age"] == 60
        assert after["eligibility"][0] | {"id": ""} == {
            "id": "",
            "service_id": str(service.uuid),
            "minimum_age": 60,
            "need_levels": ["medium", "higher"],
            "accepts_requests_from_outside": False,
            "valid_from": "2026-04-01",
        }
        levels = [a["taxonomy_term"]["name"] for a in after["attributes"] if a["link_type"] == "eligibility"]
        assert levels == ["Medium needs", "Higher needs"]
        for attribute in after["attributes"]:  # every term the attributes name is published
            get_json(client, f"/api/v1/taxonomy_terms/{attribute['taxonomy_term_id']}")
        listed = get_json(client, "/api/v1/services", minimum_age=56, per_page=100)
        assert service.name in {item["name"] for item in listed["contents"]}
        get_json(client, f"/api/v1/services/{ended.uuid}", status=404)
        everything = get_json(client, "/api/v1/services", per_page=100)
        assert "Community Navigation" not in {item["name"] for item in everything["contents"]}
