"""Asking for a carer's assessment without an account, and "Ask someone to call me": through the referral
journey's services, to the provider covering the postcode, with its safeguards."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from carers_portal.core.models import OutboundEmail
from services.models import Postcode
from services.referrals.models import Referral, StaffMembership
from services.referrals.selectors import referrals_visible_to
from tests.services.factories import OrganisationFactory, ServiceFactory

CHANGELIST = "/staff/referrals/referral/"


@pytest.fixture
def assessment_providers(db: Any) -> dict[str, Any]:
    for code, district in (("BR8 7AA", "sevenoaks"), ("TN13 1AA", "sevenoaks"), ("ME4 4TR", "medway")):
        Postcode.objects.create(
            postcode=code, kind=Postcode.Kind.FULL, latitude=51.4, longitude=0.17, district=district
        )
    west = OrganisationFactory(name="Involve Kent", referrals_email="referrals@involve.example.org")
    dgs = OrganisationFactory(name="Imago Community", referrals_email="referrals@imago.example.org")
    west_service = ServiceFactory(
        organisation=west,
        name="Community Navigation for Carers (West Kent)",
        districts=["maidstone", "sevenoaks"],
        provides_carers_assessments=True,
        accepts_self_referral=True,
    )
    dgs_service = ServiceFactory(
        organisation=dgs,
        name="Community Navigation for Carers (DGS and Swale)",
        districts=["dartford", "gravesham", "sevenoaks", "swale"],
        localities=["swanley"],
        provides_carers_assessments=True,
        accepts_self_referral=True,
    )
    return {"west": west, "dgs": dgs, "west_service": west_service, "dgs_service": dgs_service}


ANSWERS = {
    "at_risk": "no",
    "name": "Pat Carer",
    "postcode": "br8 7aa",
    "phone": "07700 900 982",
    "email": "pat@example.com",
    "address": "",
    "best_time_to_contact": "afternoon",
    "relationship": "parent",
    "hours_band": "50+",
    "carrying_on": "no",
    "what_would_help": "A break now and then.",
    "communication_needs": "",
    "consent": "on",
}


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    found = re.search(r'name="submission_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


def send(client: Client, **changes: Any) -> Any:
    token = form_token(client, "/carers/ask-for-an-assessment/")
    return client.post("/carers/ask-for-an-assessment/", {**ANSWERS, "submission_token": token, **changes})


@pytest.mark.django_db
def test_carers_page_offers_a_request_without_an_account(client: Client) -> None:
    page = client.get("/carers/").content.decode()
    assert "You need an account first" not in page
    assert 'href="/carers/ask-for-an-assessment/"' in page
    assert 'href="/account/signup/"' in page


@pytest.mark.django_db
def test_a_swanley_carer_without_an_account_reaches_the_dgs_provider(
    client: Client, assessment_providers: dict[str, Any], staff_user_factory: Any, staff_login: Any
) -> None:
    users_before = User.objects.count()
    token = form_token(client, "/carers/ask-for-an-assessment/")
    for _ in range(2):  # a double submission sends one request
        response = client.post("/carers/ask-for-an-assessment/", {**ANSWERS, "submission_token": token})
        assert response.status_code == 302
        assert response["Location"] == "/carers/ask-for-an-assessment/sent/"

    referral = Referral.objects.get()
    assert referral.organisation == assessment_providers["dgs"]
    assert referral.service == assessment_providers["dgs_service"]
    assert referral.submitted_by is None
    assert User.objects.count() == users_before  # no account created
    assert referral.postcode == "BR8 7AA"
    assert referral.best_time_to_contact == "afternoon"
    assert set(referral.flags) == {"cannot_carry_on", "caring_50_hours"}
    assert referral.attachment is not None
    assert referral.attachment["answers"]["hours_band"]["answer"] == "50 or more hours a week"
    assert referral.attachment["answers"]["what_would_help"]["answer"] == "A break now and then."

    sent = client.get("/carers/ask-for-an-assessment/sent/").content.decode()
    assert referral.reference in sent
    assert referral.get_status_url() in sent
    assert "Imago Community" in sent
    assert client.get(referral.get_status_url()).status_code == 200
    # The receipt to the carer carries the status link; the provider's inbox is told.
    assert OutboundEmail.objects.filter(to="pat@example.com", category="referral_receipt").exists()
    assert OutboundEmail.objects.filter(to="referrals@imago.example.org", category="referral_new").exists()

    # In the DGS provider's queue only.
    dgs_staff = staff_user_factory(email="triage@imago.example.org")
    StaffMembership.objects.create(user=dgs_staff, organisation=assessment_providers["dgs"])
    west_staff = staff_user_factory(email="triage@involve.example.org")
    StaffMembership.objects.create(user=west_staff, organisation=assessment_providers["west"])
    assert list(referrals_visible_to(user=dgs_staff)) == [referral]
    assert not referrals_visible_to(user=west_staff).exists()
    staff = staff_login(Client(), dgs_staff)
    assert "A break now and then." in staff.get(f"{CHANGELIST}{referral.pk}/change/").content.decode()


@pytest.mark.django_db
def test_sevenoaks_town_goes_to_west_kent(client: Client, assessment_providers: dict[str, Any]) -> None:
    send(client, postcode="TN13 1AA")
    assert Referral.objects.get().organisation == assessment_providers["west"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "Agree to share your details, or phone us instead"),
        ({"name": ""}, "Enter your full name"),
        ({"postcode": "ZZZ 999"}, "Enter a real postcode, like ME14 1XX"),
        ({"phone": "", "email": "", "address": ""}, "Enter at least one way to contact you"),
        ({"call_back": "on", "phone": ""}, "Enter a phone number so someone can call you back"),
        ({"hours_band": "lots"}, "Select how many hours you care"),
        ({"postcode": "ME4 4TR"}, "Medway Council does carers&#x27; assessments"),
        ({"postcode": "SW1A 1AA"}, "We cannot find a carers&#x27; organisation for this postcode"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_sent(
    client: Client, assessment_providers: dict[str, Any], changes: dict[str, str], message: str
) -> None:
    response = send(client, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_token_from_another_session_sends_nothing(client: Client, assessment_providers: dict[str, Any]) -> None:
    token = form_token(client, "/carers/ask-for-an-assessment/")
    other = Client()
    other.get("/carers/ask-for-an-assessment/")
    response = other.post("/carers/ask-for-an-assessment/", {**ANSWERS, "submission_token": token})
    assert response.status_code == 200
    assert "This form has expired" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_requests_without_an_account_are_rate_limited(
    client: Client, assessment_providers: dict[str, Any], settings: Any
) -> None:
    settings.REFERRAL_RATE_LIMIT = 2
    for _ in range(2):
        assert send(client).status_code == 302
    response = send(client)
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert Referral.objects.count() == 2


@pytest.mark.django_db
def test_a_bot_filling_the_hidden_field_sends_nothing(client: Client, assessment_providers: dict[str, Any]) -> None:
    response = send(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_ask_someone_to_call_me_reaches_the_carers_provider_queue_with_a_call_back_flag(
    client: Client, assessment_providers: dict[str, Any]
) -> None:
    token = form_token(client, "/carers/call-me/")
    data = {
        "name": "Pat",
        "phone": "07700 900 982",
        "postcode": "BR8 7AA",
        "best_time": "evening",
        "about": "Respite",
        "consent": "on",
        "submission_token": token,
    }
    assert "Agree to share your details" in client.post("/carers/call-me/", {**data, "consent": ""}).content.decode()
    for _ in range(2):
        assert client.post("/carers/call-me/", data)["Location"] == "/carers/call-me/sent/"
    referral = Referral.objects.get()
    assert referral.organisation == assessment_providers["dgs"]
    assert referral.flags == ["call_back"]
    assert referral.best_time_to_contact == "evening"
    assert referral.phone == "07700 900 982"
    page = client.get("/carers/call-me/sent/").content.decode()
    assert referral.reference in page
    assert referral.get_status_url() in page


@pytest.mark.django_db
def test_a_service_page_call_back_goes_to_that_service(client: Client, assessment_providers: dict[str, Any]) -> None:
    service = assessment_providers["west_service"]
    url = f"/services/{service.slug}/call-me/"
    token = form_token(client, url)
    data = {"name": "Sam", "phone": "01622 123456", "postcode": "TN13 1AA", "best_time": "any", "consent": "on"}
    response = client.post(url, {**data, "submission_token": token})
    assert response["Location"] == f"/services/{service.slug}/call-me/sent/"
    referral = Referral.objects.get()
    assert referral.service == service
    assert referral.flags == ["call_back"]
    journey_page = client.get(f"/services/{service.slug}/refer/who-it-is-for/", follow=True).content.decode()
    assert f'href="{url}"' in journey_page


@pytest.mark.django_db
def test_the_easy_read_version_sends_the_same_answers_under_the_same_question_ids(
    client: Client, assessment_providers: dict[str, Any]
) -> None:
    standard = client.get("/carers/ask-for-an-assessment/").content.decode()
    assert 'href="/carers/ask-for-an-assessment/easy-read/"' in standard
    url = "/carers/ask-for-an-assessment/easy-read/"
    page = client.get(url).content.decode()
    assert "Who do you look after?" in page
    assert "easy read version" in page
    token = form_token(client, url)
    refused = client.post(url, {**ANSWERS, "name": "", "submission_token": token}).content.decode()
    assert "Enter your full name" in refused
    assert "What is your name?" in refused  # still the easy read page
    assert client.post(url, {**ANSWERS, "submission_token": token})["Location"] == "/carers/ask-for-an-assessment/sent/"
    easy = Referral.objects.get()

    client.get("/carers/ask-for-an-assessment/")  # a new request on the standard form, same answers
    send(client)
    standard_referral = Referral.objects.exclude(pk=easy.pk).get()
    assert easy.attachment is not None
    assert standard_referral.attachment is not None
    assert easy.attachment["answers"] == standard_referral.attachment["answers"]
    assert set(easy.attachment["answers"]) == {"relationship", "hours_band", "carrying_on", "what_would_help"}
