"""'Ask for a carer's assessment': a referral to the carers' organisation covering the carer's district,
with the self-assessment attached and visible only to that provider's staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import Assessment, AssessmentVersion
from accounts.selectors import assessment_request_token
from services.referrals.models import Referral
from services.referrals.selectors import referrals_visible_to
from tests.accounts.support import assessment_fill, submitted, submitted_by
from tests.referrals import journey
from tests.services.factories import ServiceFactory

CHANGELIST = "/staff/referrals/referral/"


@pytest.mark.django_db
def test_asking_for_an_assessment_refers_to_the_provider_for_the_district(
    client: Any, carer_factory: Any, providers: dict[str, Any], staff_login: Any
) -> None:
    version = submitted(client, carer_factory)
    result = client.get("/carers/assessment/versions/1/").content.decode()
    assert "Involve does carers&#x27; assessments" in result or "Involve does carers' assessments" in result
    assert 'href="/carers/assessment/versions/1/ask/"' in result

    refused = client.post("/carers/assessment/versions/1/ask/", {"best_time": "morning"})
    assert "Agree to share your details, or phone us instead" in refused.content.decode()
    assert not Referral.objects.exists()

    for _ in range(2):  # a double submission makes one referral
        response = client.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "morning"})
        assert response.status_code == 302
        assert response["Location"] == "/carers/assessment/versions/1/asked/"
    referral = Referral.objects.get()
    assert referral.service == providers["west_service"]
    assert referral.organisation == providers["west"]
    assert referral.submitted_by is not None
    assert referral.email == "carer@example.com"
    assert referral.best_time_to_contact == "morning"
    assert referral.attachment_title == "Carer's self-assessment, version 1"
    assert referral.attachment is not None
    assert referral.attachment["version"] == version.number
    assert referral.attachment["indicative_result"] == "likely"
    assert referral.attachment["answers"]["What matters to you"]["What matters most to you?"] == "Keeping my job."
    confirmation = client.get("/carers/assessment/versions/1/asked/").content.decode()
    assert referral.reference in confirmation
    assert referral.reference in client.get("/carers/assessment/versions/1/").content.decode()

    # In the right provider's triage queue, and not in the other's.
    assert list(referrals_visible_to(user=providers["staff"]["west"])) == [referral]
    assert not referrals_visible_to(user=providers["staff"]["east"]).exists()
    west_client, east_client = Client(), Client()
    staff_login(west_client, providers["staff"]["west"])
    staff_login(east_client, providers["staff"]["east"])
    assert referral.reference in west_client.get(CHANGELIST).content.decode()
    assert referral.reference not in east_client.get(CHANGELIST).content.decode()
    west_page = west_client.get(f"{CHANGELIST}{referral.pk}/change/").content.decode()
    assert "Keeping my job." in west_page
    east_page = east_client.get(f"{CHANGELIST}{referral.pk}/change/", follow=True).content.decode()
    assert "Keeping my job." not in east_page


@pytest.mark.django_db
def test_no_provider_for_the_district_means_phone_instead(client: Any, carer_factory: Any) -> None:
    submitted(client, carer_factory)

    page = client.get("/carers/assessment/versions/1/ask/").content.decode()

    assert "We cannot find a carers' organisation for your area" in page
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_carer_in_medway_is_sent_to_medway_council_not_kent(
    client: Any, carer_factory: Any, providers: dict[str, Any]
) -> None:
    user = carer_factory(email="chatham@example.com", postcode="ME4 4TR", district="medway")
    client.force_login(user)
    client.post("/carers/assessment/begin/")
    assessment = Assessment.objects.get(user=user)
    assessment_fill(client, assessment.public_id)
    client.post(f"/carers/assessment/{assessment.public_id}/check/")

    for url in ("/carers/assessment/versions/1/", "/carers/assessment/versions/1/ask/"):
        page = client.get(url).content.decode()
        assert "Medway Council does your carer&#x27;s assessment" in page or "Medway Council does your carer's" in page
        assert "Kent adult social care on 03000 41 61 61" not in page  # not Kent's number for this
    response = client.post("/carers/assessment/versions/1/ask/", {"best_time": "morning", "phone": ""})
    assert response.status_code == 200
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_another_carers_version_cannot_be_sent(client: Any, carer_factory: Any, providers: dict[str, Any]) -> None:
    submitted(client, carer_factory, email="owner@example.com")
    intruder = Client()
    intruder.force_login(carer_factory(email="intruder@example.com"))

    assert intruder.get("/carers/assessment/versions/1/ask/").status_code == 404
    assert intruder.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "any"}).status_code == 404
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_deleting_the_account_keeps_what_the_provider_holds(
    client: Any, carer_factory: Any, providers: dict[str, Any]
) -> None:
    submitted(client, carer_factory)
    client.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "any"})
    data = client.get("/account/your-data/download.json").json()
    assert data["requests_for_help"][0]["organisation"] == "Involve"

    client.post("/account/delete/", {"confirm": "on"})

    referral = Referral.objects.get()
    assert referral.submitted_by is None
    assert referral.attachment is not None
    assert not AssessmentVersion.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("postcode", "organisation"),
    [
        ("BR8 7AA", "Imago Community"),  # Swanley: the Dartford, Gravesham and Swanley lot
        ("TN13 1AA", "Involve Kent"),  # Sevenoaks town: West Kent
    ],
)
def test_a_carer_in_sevenoaks_district_goes_to_the_lot_for_their_town(
    client: Any, carer_factory: Any, postcode: str, organisation: str
) -> None:
    """Swanley is in Sevenoaks district but in the Dartford, Gravesham and Swanley contract (seed 002 §1.3)."""
    from services.demo import demo_seed

    demo_seed()
    version = submitted_by(
        client, carer_factory(email="sevenoaks@example.com", postcode=postcode, district="sevenoaks")
    )
    client.post(f"/carers/assessment/versions/{version.number}/ask/", {"consent": "on", "best_time": "morning"})

    referral = Referral.objects.get()
    assert referral.organisation.name == organisation
    assert referral.service.name == "Community Navigation for Carers"


@pytest.mark.django_db
def test_an_assessment_request_token_cannot_be_worked_out_or_replayed(
    client: Any,
    carer_factory: Any,
    providers: dict[str, Any],
    settings: Any,
) -> None:
    version = submitted(client, carer_factory)
    client.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "morning"})
    referral = Referral.objects.get()
    public_id = str(version.assessment.public_id)  # in the carer's URLs, so anyone who saw one has it
    assert public_id not in referral.submission_token
    assert referral.submission_token == assessment_request_token(version=version)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert assessment_request_token(version=version) != referral.submission_token  # keyed, not derived

    attacker = Client()
    # any journey (tokens are looked up across services), for a service that covers Eve's postcode
    service = ServiceFactory(accepts_self_referral=True, districts=["maidstone"])
    journey.answer_all(attacker, service, about={"name": "Eve", "age_band": "35_44", "postcode": "me14 1xx"})
    for guess in (referral.submission_token, f"carers-assessment:{public_id}:{version.number}"):
        response = attacker.post(journey.url(service, "check-your-answers"), {"submission_token": guess}, follow=True)
        page = response.content.decode()
        assert referral.reference not in page
        assert referral.email not in page
    assert Referral.objects.count() == 1
