"""Register as a carer: details, then one or more people cared for."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client

from accounts.models import CaredForPerson, CarerProfile
from tests.accounts.support import PERSON, PROFILE


def profile_post(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in (PROFILE | changes).items() if k != "district"}


@pytest.mark.django_db
def test_a_carer_registers_and_adds_the_people_they_care_for(client: Any, user_factory: Any) -> None:
    client.force_login(user_factory())

    response = client.post(
        "/carers/register/", profile_post(postcode="me141xx", contact_methods=["email", "phone"], phone="01622 123456")
    )
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/carers/people/"
    profile = CarerProfile.objects.get()
    assert profile.postcode == "ME14 1XX"
    assert profile.district == "maidstone"
    assert profile.contact_methods == ["email", "phone"]
    # A full postcode found only by its outward code still gives the district.
    client.post("/carers/register/", profile_post(postcode="ct1 9zz"))
    profile.refresh_from_db()
    assert (profile.postcode, profile.district) == ("CT1 9ZZ", "canterbury")

    token = str(uuid.uuid4())
    for _ in range(2):  # a double submission adds one person
        response = client.post("/carers/people/add/", {**PERSON, "submission_token": token})
        assert response.status_code == 302
    client.post(
        "/carers/people/add/", {**PERSON, "name": "JB", "conditions": [], "submission_token": str(uuid.uuid4())}
    )

    people = list(CaredForPerson.objects.order_by("pk"))
    assert [p.name for p in people] == ["Mum", "JB"]
    assert people[0].conditions == ["dementia"]
    assert people[0].hours_band == "50+"
    assert people[0].lives_together is True
    page = client.get("/carers/people/").content.decode()
    assert "50 or more hours a week" in page
    assert "Continue to your self-assessment" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"preferred_name": ""}, "Enter the name you would like us to use"),
        ({"preferred_name": "x" * 61}, "must be 60 characters or fewer"),
        ({"contact_methods": []}, "Select how you would like us to contact you"),
        ({"contact_methods": ["phone"], "phone": ""}, "Enter a phone number, or do not select phone"),
        ({"contact_methods": ["post"], "address": ""}, "Enter your postal address, or do not select post"),
        ({"phone": "call me"}, "Enter a phone number, like 01622 123456"),
        ({"postcode": ""}, "Enter your postcode"),
        ({"postcode": "ZZZ"}, "Enter a real postcode, like ME14 1XX"),
        ({"postcode": "SW1A 1AA"}, "Enter a postcode in Kent or Medway"),
        ({"postcode": "CT1"}, "Enter a full UK postcode, like ME14 1XX"),
        ({"postcode": "ME14 1XX ME14 1XX"}, "Enter a real postcode, like ME14 1XX"),
        ({"age_band": "12"}, "Select your age group"),
        ({"communication_needs": "x" * 501}, "must be 500 characters or fewer"),
        ({"armed_forces": ""}, "Select whether you are part of the Armed Forces community"),
    ],
)
def test_registration_errors(client: Any, user_factory: Any, changes: dict[str, Any], message: str) -> None:
    client.force_login(user_factory())

    response = client.post("/carers/register/", profile_post(**changes))

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not CarerProfile.objects.exists()


@pytest.mark.django_db
def test_person_errors_and_limits(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())

    response = client.post("/carers/people/add/", {"submission_token": str(uuid.uuid4()), "name": "x" * 41})

    html = response.content.decode()
    assert "must be 40 characters or fewer" in html
    assert "Select how many hours a week you spend caring" in html
    assert "Select when you care for them" in html
    assert CaredForPerson.objects.count() == 1


@pytest.mark.django_db
def test_people_cared_for_by_someone_else_are_404(client: Any, carer_factory: Any) -> None:
    carer_factory(email="owner@example.com")
    theirs = CaredForPerson.objects.get()
    client.force_login(carer_factory(email="other@example.com"))

    assert client.get(f"/carers/people/{theirs.pk}/change/").status_code == 404
    assert client.post(f"/carers/people/{theirs.pk}/change/", {**PERSON, "name": "Hacked"}).status_code == 404
    assert client.post(f"/carers/people/{theirs.pk}/remove/").status_code == 404
    # Reusing someone else's submission token does not touch their record.
    client.post("/carers/people/add/", {**PERSON, "name": "Hacked", "submission_token": str(theirs.submission_token)})
    theirs.refresh_from_db()
    assert theirs.name == "Mum"


@pytest.mark.django_db
def test_change_and_remove_a_person(client: Any, carer_factory: Any) -> None:
    client.force_login(carer_factory())
    person = CaredForPerson.objects.get()

    client.post(
        f"/carers/people/{person.pk}/change/",
        {**PERSON, "submission_token": str(person.submission_token), "hours_band": "20-34", "lives_together": "no"},
    )
    person.refresh_from_db()
    assert person.hours_band == "20-34"
    assert person.lives_together is False

    client.post(f"/carers/people/{person.pk}/remove/")
    assert not CaredForPerson.objects.exists()


@pytest.mark.django_db
def test_the_assessment_asks_people_to_register_first(client: Any, user_factory: Any) -> None:
    client.force_login(user_factory())

    assert "Register as a carer" in client.get("/carers/assessment/").content.decode()
    assert client.post("/carers/assessment/begin/")["Location"] == "/carers/register/"
    assert Client().get("/carers/").status_code == 200
