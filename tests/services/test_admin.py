from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from carers_portal.core.models import AuditEvent
from services.models import Organisation, Service
from services.selectors.search import services_search
from tests.services.support import csv_import, service_form

pytestmark = pytest.mark.usefixtures("demo_directory")


def test_commissioner_edits_a_service_and_search_sees_it(commissioner_client: Client) -> None:
    service = Service.objects.get(slug="kent-carers-card")
    url = f"/staff/services/service/{service.pk}/change/"
    assert commissioner_client.get(url).status_code == 200
    # Inline rows already exist; keep them as they are by posting their management forms' real counts.
    response = commissioner_client.post(url, service_form(service, name="Kent Carers Card and discounts"))
    if response.status_code == 200:  # show form errors if the post was refused
        raise AssertionError(response.context["adminform"].form.errors or response.context["inline_admin_formsets"])
    service.refresh_from_db()
    assert service.name == "Kent Carers Card and discounts"
    assert service in services_search(query="discounts")
    assert LogEntry.objects.filter(object_id=str(service.pk)).exists()
    assert commissioner_client.get(f"/staff/services/service/{service.pk}/history/").status_code == 200


def test_needs_review_filter_and_action(commissioner_client: Client) -> None:
    stale = Service.objects.get(slug="kent-karrier")
    # Nobody has checked the demo's services (they say which reports their facts are from): all need review.
    response = commissioner_client.get("/staff/services/service/", {"needs_review": "yes"})
    assert len(response.context["cl"].result_list) == Service.objects.count()
    Service.objects.exclude(pk=stale.pk).update(assured_date=timezone.localdate())
    stale.assured_date = timezone.localdate() - timedelta(days=400)
    stale.save()
    response = commissioner_client.get("/staff/services/service/", {"needs_review": "yes"})
    assert [s.slug for s in response.context["cl"].result_list] == ["kent-karrier"]
    commissioner_client.post("/staff/services/service/", {"action": "mark_reviewed", "_selected_action": [stale.pk]})
    stale.refresh_from_db()
    assert stale.assured_date == timezone.localdate()
    assert not stale.needs_review
    # Who checked it is in the audit log, never in the public Open Referral UK API.
    assert AuditEvent.objects.filter(actor_email="commissioner@example.org", summary__contains="checked today").exists()
    for api in (f"/api/v1/services/{stale.uuid}", "/api/v1/services?per_page=200"):
        body = Client().get(api).content.decode()
        assert "commissioner@example.org" not in body
        assert "assurer_email" not in body


def test_search_and_district_filter(commissioner_client: Client) -> None:
    response = commissioner_client.get("/staff/services/service/", {"q": "Live Well", "district": "thanet"})
    names = {s.name for s in response.context["cl"].result_list}
    assert "Live Well Kent and Medway in East Kent" in names  # Thanet is in its lot (004 §9.6.1)
    assert "Live Well Kent and Medway in West Kent" not in names
    assert all("thanet" in s.districts for s in response.context["cl"].result_list)


def test_csv_export_then_import_round_trip(commissioner_client: Client) -> None:
    services = Service.objects.filter(slug__in=["kent-karrier", "shared-lives"])
    response = commissioner_client.post(
        "/staff/services/service/",
        {"action": "export_csv", "_selected_action": [s.pk for s in services]},
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert body.count("\r\n") == 3
    assert '"Kent Karrier dial-a-ride"' in body
    assert AuditEvent.objects.filter(action="export", object_type="services.Service").exists()

    edited = body.replace("Kent Karrier dial-a-ride", "Kent Karrier door-to-door bus")
    new_row = body.splitlines()[1].replace("kent-karrier", "kent-karrier-two")
    upload = (edited + new_row + "\r\n").encode("utf-8")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = csv_import(commissioner_client, SimpleUploadedFile("services.csv", upload, "text/csv"))
    assert "1 service(s) added and 2 updated" in response.content.decode()
    assert Service.objects.get(slug="kent-karrier").name == "Kent Karrier door-to-door bus"
    assert Service.objects.filter(slug="kent-karrier-two").exists()


def test_csv_export_then_import_keeps_cells_that_start_like_formulas(commissioner_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    texts = {
        "summary": "- Lifts to hospital appointments",
        "description": "+44 is the UK dialling code; '=quoted' stays as typed",
        "eligibility_description": "=Anyone over 65",
        "application_process": "@Kent Karrier by phone",
        "fees_description": "'- a quote before a dash",
    }
    Service.objects.filter(slug="kent-karrier").update(**texts)
    service = Service.objects.get(slug="kent-karrier")
    exported = commissioner_client.post(
        "/staff/services/service/", {"action": "export_csv", "_selected_action": [service.pk]}
    )
    body = b"".join(exported.streaming_content)  # type: ignore[attr-defined]
    assert b'"\'=Anyone over 65"' in body  # escaped for spreadsheets on the way out

    response = csv_import(commissioner_client, SimpleUploadedFile("services.csv", body, "text/csv"))

    assert "0 service(s) added and 1 updated" in response.content.decode()
    service.refresh_from_db()
    assert {name: getattr(service, name) for name in texts} == texts


def test_csv_import_reports_every_problem_and_saves_nothing(commissioner_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv_text = (
        "slug,name,organisation,status,districts,categories,minimum_age\n"
        "new-one,New one,Kent County Council,active,canterbury,dementia,\n"
        "bad-org,Bad org,Nobody Ltd,active,canterbury,,\n"
        "bad-values,Bad values,Kent County Council,open,atlantis,unknown-cat,abc\n"
    )
    response = csv_import(commissioner_client, SimpleUploadedFile("s.csv", csv_text.encode(), "text/csv"))
    assert response.status_code == 200
    errors = " ".join(response.context["service_import"].errors)
    assert "The file was not imported" in response.content.decode()
    assert "Row 3: organisation 'Nobody Ltd' is not in the directory" in errors
    assert "Row 4: status must be one of" in errors
    assert "unknown districts: atlantis" in errors
    assert "unknown categories: unknown-cat" in errors
    assert "minimum_age must be a whole number" in errors
    assert not Service.objects.filter(slug="new-one").exists()
    refused = commissioner_client.post(
        "/staff/services/service/import-csv/", {"file": SimpleUploadedFile("s.txt", b"x", "text/plain")}
    )
    assert "The selected file must be a CSV" in refused.content.decode()


def test_provider_staff_cannot_edit_the_directory(client: Client, staff_user_factory: Any, staff_login: Any) -> None:
    provider = staff_user_factory(email="provider@example.org", staff_role="provider")
    staff_login(client, provider)
    assert client.get("/staff/services/service/").status_code == 403
    assert client.get("/staff/services/service/import-csv/").status_code in {302, 403}
    assert Organisation.objects.exists()


def test_renaming_a_provider_or_category_updates_search(commissioner_client: Client) -> None:
    from services.models import TaxonomyTerm

    organisation = Organisation.objects.get(slug="take-off")
    response = commissioner_client.post(
        f"/staff/services/organisation/{organisation.pk}/change/",
        {"name": "Take Off Peer Fellowship", "slug": "take-off", "description": organisation.description},
    )
    assert response.status_code == 302
    assert [s.slug for s in services_search(query="fellowship")] == ["take-off-peer-support"]

    term = TaxonomyTerm.objects.get(slug="transport")
    response = commissioner_client.post(
        f"/staff/services/taxonomyterm/{term.pk}/change/",
        {"name": "Transport and travel", "slug": "transport", "taxonomy": term.taxonomy_id, "position": 9},
    )
    assert response.status_code == 302
    assert "kent-karrier" in [s.slug for s in services_search(query="travel")]


def _provider(staff_user_factory: Any, organisation: Organisation, role: str) -> Any:
    from services.referrals.models import StaffMembership

    user = staff_user_factory(email=f"{role}@provider.example.org", staff_role="provider")
    StaffMembership.objects.create(user=user, organisation=organisation, role=role)
    return user


def test_a_providers_manager_keeps_their_own_listings_and_no_others(
    client: Client, staff_user_factory: Any, staff_login: Any
) -> None:
    own = Service.objects.get(slug="kent-karrier")
    other = Service.objects.exclude(organisation=own.organisation).order_by("name").first()
    assert other is not None
    staff_login(client, _provider(staff_user_factory, own.organisation, "manager"))

    listed = {s.pk for s in client.get("/staff/services/service/").context["cl"].result_list}
    assert own.pk in listed
    assert set(Service.objects.filter(pk__in=listed).values_list("organisation", flat=True)) == {own.organisation_id}
    denied = client.get(f"/staff/services/service/{other.pk}/change/")
    assert denied.status_code == 302  # "doesn't exist" for them
    assert other.name not in client.get(denied["Location"]).content.decode()
    assert client.get("/staff/services/service/add/").status_code == 403
    assert client.post(f"/staff/services/service/{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/staff/services/organisation/").status_code == 403  # the rest of the directory: no

    # Their own listing: the details they know, and phone numbers; not what the council commissions.
    url = f"/staff/services/service/{own.pk}/change/"
    assert client.get(url).status_code == 200
    districts = list(own.districts)
    phone = {"phones-TOTAL_FORMS": "1", "phones-0-number": "01622 000 111", "phones-0-type": "voice"}
    data = service_form(own, summary="Door-to-door minibus for shopping and appointments.", name="Renamed")
    data |= {"districts": ["medway"], **phone}
    response = client.post(url, data)
    if response.status_code == 200:
        raise AssertionError(response.context["adminform"].form.errors or response.context["inline_admin_formsets"])
    own.refresh_from_db()
    assert own.summary == "Door-to-door minibus for shopping and appointments."
    assert own.name != "Renamed"
    assert own.districts == districts
    assert own.phones.filter(number="01622 000 111").exists()
    assert LogEntry.objects.filter(object_id=str(own.pk)).exists()  # the change history shows who changed it


def test_a_providers_triage_worker_cannot_open_the_directory(
    client: Client, staff_user_factory: Any, staff_login: Any
) -> None:
    own = Service.objects.get(slug="kent-karrier")
    staff_login(client, _provider(staff_user_factory, own.organisation, "triage"))
    assert client.get("/staff/services/service/").status_code == 403
    assert client.get(f"/staff/services/service/{own.pk}/change/").status_code in (302, 403)
    assert client.get("/staff/referrals/referral/").status_code == 200  # they still triage
