"""The referrer's status page and "Your referrals"."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.referrals.services.handling import referral_transition


@pytest.mark.django_db
def test_the_status_page_follows_triage_and_shows_no_personal_details(
    client: Any, referral_factory: Any, service_factory: Any, organisation_factory: Any, provider_staff: Any
) -> None:
    organisation = organisation_factory(name="Porchlight")
    referral = referral_factory(service=service_factory(organisation=organisation, name="Live Well Kent"))
    staff = provider_staff(organisation)

    page = client.get(referral.get_status_url()).content.decode()
    assert referral.reference in page
    assert "Live Well Kent" in page
    assert "They will look at it and contact you at the time you chose." in page
    assert "2 working days" not in page  # no report sets it as every service's target (issue 24.4)
    for personal in (referral.name, referral.phone, referral.email, referral.postcode, "money worries"):
        assert personal not in page

    referral_transition(referral=referral, to_status="in_triage", actor=staff)
    referral_transition(referral=referral, to_status="accepted", actor=staff)
    page = client.get(referral.get_status_url()).content.decode()
    assert "Accepted" in page
    assert "has accepted your request" in page
    assert "In triage" in page  # in the history


@pytest.mark.django_db
def test_an_unknown_status_link_is_not_found(client: Any) -> None:
    assert client.get(f"/referrals/{uuid.uuid4()}/").status_code == 404


@pytest.mark.django_db
def test_your_referrals_needs_sign_in_and_shows_only_your_own(
    client: Any, referral_factory: Any, user_factory: Any
) -> None:
    response = client.get("/account/referrals/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]

    me = user_factory(email="me@example.com")
    someone = user_factory(email="someone@example.com")
    mine = referral_factory(user=me)
    theirs = referral_factory(user=someone)
    anonymous = referral_factory()

    client.force_login(me)
    page = client.get("/account/referrals/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert anonymous.reference not in page


@pytest.mark.django_db
def test_your_referrals_says_so_when_there_are_none(client: Any, user_factory: Any) -> None:
    client.force_login(user_factory(email="new@example.com"))
    assert "You have not asked a service for help yet" in client.get("/account/referrals/").content.decode()
