"""The public referral journey, page by page (Django test client, real PostgreSQL and Redis)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from carers_portal.core.models import OutboundEmail
from services.referrals.models import Referral
from tests.referrals.journey import ANSWERS, answer_all, send, url


@pytest.mark.django_db
def test_a_resident_refers_themselves_and_gets_a_reference(client: Any, service_factory: Any) -> None:
    service = service_factory(name="Live Well Kent Dartford")
    html = answer_all(client, service)
    assert "Check your answers before sending your request" in html
    assert "Alex Resident" in html
    assert "DA1 1DX" in html

    response = send(client, service, html)
    assert response.status_code == 302
    assert response["Location"] == url(service, "confirmation")

    referral = Referral.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert referral.reference in page
    assert "We have sent a receipt to alex@example.com" in page
    assert referral.communication_needs == ["large_print"]
    assert referral.risk_reported is False
    assert referral.best_time_to_contact == "morning"
    assert OutboundEmail.objects.filter(to="alex@example.com", category="referral_receipt").count() == 1


@pytest.mark.django_db
def test_saying_someone_is_at_risk_shows_the_emergency_numbers_before_going_on(
    client: Any, service_factory: Any
) -> None:
    service = service_factory()
    response = client.post(url(service, "start"), {"at_risk": "yes"})
    assert response["Location"] == url(service, "urgent-help")

    page = client.get(response["Location"]).content.decode()
    for number in ("999", "03000 41 61 61", "18001 03000 41 61 61", "03000 41 91 91"):
        assert number in page
    assert url(service, "who") in page  # they can carry on

    html = answer_all(client, service, start={"at_risk": "yes"})
    send(client, service, html)
    assert Referral.objects.get().risk_reported is True


@pytest.mark.django_db
def test_the_safety_question_page_shows_the_numbers_and_needs_an_answer(client: Any, service_factory: Any) -> None:
    service = service_factory()
    page = client.get(url(service, "start")).content.decode()
    assert "Is anyone at immediate risk of harm?" in page
    assert "03000 41 61 61" in page

    page = client.post(url(service, "start"), {}).content.decode()
    assert "There is a problem" in page
    assert "Select yes if anyone is at immediate risk of harm" in page


@pytest.mark.django_db
def test_pages_cannot_be_skipped(client: Any, service_factory: Any) -> None:
    service = service_factory()
    response = client.get(url(service, "contact"))
    assert response["Location"] == url(service, "start")
    client.post(url(service, "start"), {"at_risk": "no"})
    assert client.get(url(service, "consent"))["Location"] == url(service, "who")
    assert client.get(url(service, "check-your-answers"))["Location"] == url(service, "who")


@pytest.mark.django_db
def test_at_least_one_working_contact_route_is_required(client: Any, service_factory: Any) -> None:
    service = service_factory()
    for step in ("start", "who", "about"):
        client.post(url(service, step), ANSWERS[step])

    page = client.post(url(service, "contact"), {"best_time_to_contact": "any"}).content.decode()
    assert "Enter at least one way to contact you" in page

    page = client.post(
        url(service, "contact"), {"phone": "call me", "email": "nope", "best_time_to_contact": ""}
    ).content.decode()
    assert "Enter a phone number, like 01632 960 001 or 07700 900 982" in page
    assert "Enter an email address in the correct format, like name@example.com" in page
    assert "Select the best time to contact you" in page

    response = client.post(
        url(service, "contact"), {"address": "1 High Street\nDartford", "best_time_to_contact": "any"}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_every_text_field_has_a_limit_with_a_gov_uk_message(client: Any, service_factory: Any) -> None:
    service = service_factory()
    for step in ("start", "who"):
        client.post(url(service, step), ANSWERS[step])
    page = client.post(
        url(service, "about"), {"name": "x" * 151, "age_band": "35_44", "postcode": "not valid"}
    ).content.decode()
    assert "Full name must be 150 characters or fewer" in page
    assert "Enter a real postcode, like ME14 1XX" in page

    client.post(url(service, "about"), ANSWERS["about"])
    page = client.post(url(service, "contact"), {"address": "x" * 501, "best_time_to_contact": "any"}).content.decode()
    assert "Postal address must be 500 characters or fewer" in page

    client.post(url(service, "contact"), ANSWERS["contact"])
    page = client.post(url(service, "help"), {"help_wanted": "x" * 1001}).content.decode()
    assert "What help you would like must be 1,000 characters or fewer" in page
    page = client.post(url(service, "help"), {"help_wanted": ""}).content.decode()
    assert "Enter what help you would like" in page

    client.post(url(service, "help"), ANSWERS["help"])
    page = client.post(url(service, "communication"), {"communication_needs": ["interpreter"]}).content.decode()
    assert "Enter the language you need an interpreter for" in page
    page = client.post(
        url(service, "communication"), {"communication_needs": ["interpreter"], "interpreter_language": "x" * 61}
    ).content.decode()
    assert "The language must be 60 characters or fewer" in page

    client.post(url(service, "communication"), ANSWERS["communication"])
    page = client.post(url(service, "consent"), {}).content.decode()
    assert "Select that you agree to share these details" in page


@pytest.mark.django_db
def test_referring_someone_you_care_for_needs_their_agreement(client: Any, service_factory: Any) -> None:
    service = service_factory()
    client.post(url(service, "start"), ANSWERS["start"])
    client.post(url(service, "who"), {"who_needs_support": "someone_i_care_for"})
    page = client.get(url(service, "about")).content.decode()
    assert "Your full name" in page
    assert "Does the person you care for know about this request and agree to it?" in page

    about = {"referrer_name": "Pat Carer", "name": "Sam Cared-for", "age_band": "75_84", "postcode": "CT9 1XZ"}
    page = client.post(url(service, "about"), {**about, "cared_for_agrees": "no"}).content.decode()
    assert "must know about and agree to this request" in page

    html = answer_all(
        client, service, who={"who_needs_support": "someone_i_care_for"}, about={**about, "cared_for_agrees": "yes"}
    )
    send(client, service, html)
    referral = Referral.objects.get()
    assert referral.name == "Sam Cared-for"
    assert referral.referrer_name == "Pat Carer"
    assert referral.cared_for_agrees is True
    assert referral.district == "thanet"


@pytest.mark.django_db
def test_change_links_come_back_to_check_your_answers(client: Any, service_factory: Any) -> None:
    service = service_factory()
    html = answer_all(client, service)
    assert f"{url(service, 'contact')}?change=1" in html
    response = client.post(
        f"{url(service, 'contact')}?change=1", {"phone": "01632 960 001", "best_time_to_contact": "evening"}
    )
    assert response["Location"] == url(service, "check-your-answers")
    assert "01632 960 001" in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_double_click_refresh_or_resubmit_stores_one_referral(client: Any, service_factory: Any) -> None:
    service = service_factory()
    html = answer_all(client, service)

    first = send(client, service, html)
    second = send(client, service, html)  # double click, or back and send again
    assert first["Location"] == second["Location"] == url(service, "confirmation")
    assert client.get(url(service, "confirmation")).status_code == 200  # refresh
    assert Referral.objects.count() == 1
    assert OutboundEmail.objects.filter(category="referral_new").count() == 1

    # Starting again afterwards is a new request with a new token.
    client.get(url(service, "start"))
    send(client, service, answer_all(client, service))
    assert Referral.objects.count() == 2


@pytest.mark.django_db
def test_a_bot_filling_the_honeypot_is_thanked_but_nothing_is_stored(client: Any, service_factory: Any) -> None:
    service = service_factory()
    html = answer_all(client, service)
    assert 'class="kcc-honeypot"' in html

    response = send(client, service, html, website="http://spam.example")
    assert response.status_code == 200
    assert "Request sent" in response.content.decode()
    assert Referral.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_submissions_are_rate_limited_per_client_with_a_friendly_page(
    client: Any, service_factory: Any, settings: Any
) -> None:
    settings.REFERRAL_RATE_LIMIT = 2
    service = service_factory()
    for _ in range(2):
        client.get(url(service, "start"))
        assert send(client, service, answer_all(client, service)).status_code == 302

    client.get(url(service, "start"))
    response = send(client, service, answer_all(client, service))
    assert response.status_code == 429
    page = response.content.decode()
    assert "Please try again later" in page
    assert "Your answers are saved" in page
    assert Referral.objects.count() == 2

    # Another client (address) is not affected.
    other = type(client)(REMOTE_ADDR="192.0.2.55")
    assert send(other, service, answer_all(other, service)).status_code == 302
    assert Referral.objects.count() == 3


@pytest.mark.django_db
def test_signed_in_submissions_are_rate_limited_per_account_and_per_client(
    service_factory: Any, user_factory: Any, settings: Any
) -> None:
    settings.REFERRAL_RATE_LIMIT = 2
    service = service_factory()
    user = user_factory(email="sam@example.com")
    for n in range(2):  # a new session and a new address each time
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        client.force_login(user)
        assert send(client, service, answer_all(client, service)).status_code == 302

    elsewhere = Client(REMOTE_ADDR="192.0.2.99")
    elsewhere.force_login(user)
    assert send(elsewhere, service, answer_all(elsewhere, service)).status_code == 429
    assert Referral.objects.count() == 2

    # Another account at one of those addresses is still limited by the address.
    other = Client(REMOTE_ADDR="192.0.2.1")
    other.force_login(user_factory(email="other@example.com"))
    html = answer_all(other, service)
    assert send(other, service, html).status_code == 302
    assert send(other, service, html).status_code == 302  # the same one sent twice: found, not counted again
    assert Referral.objects.count() == 3
    other.get(url(service, "start"))
    assert send(other, service, answer_all(other, service)).status_code == 429


@pytest.mark.django_db
def test_signed_in_people_have_their_details_filled_in_and_see_their_referrals(
    client: Any, service_factory: Any, user_factory: Any
) -> None:
    service = service_factory(name="Carers Navigation")
    user = user_factory(email="sam@example.com", name="Sam Carer")
    client.force_login(user)
    for step in ("start", "who"):
        client.post(url(service, step), ANSWERS[step])
    assert 'value="Sam Carer"' in client.get(url(service, "about")).content.decode()
    client.post(url(service, "about"), {**ANSWERS["about"], "name": "Sam Carer"})
    assert 'value="sam@example.com"' in client.get(url(service, "contact")).content.decode()

    html = answer_all(client, service, about={**ANSWERS["about"], "name": "Sam Carer"})
    send(client, service, html)
    referral = Referral.objects.get()
    assert referral.submitted_by == user

    page = client.get("/account/referrals/").content.decode()
    assert referral.reference in page
    assert "Carers Navigation" in page
    assert "New" in page


@pytest.mark.django_db
def test_a_service_that_does_not_take_self_referrals_has_no_journey(client: Any, service_factory: Any) -> None:
    service = service_factory(accepts_self_referral=False)
    assert client.get(url(service, "start")).status_code == 404
    assert client.get("/services/no-such-service/refer/").status_code == 404
