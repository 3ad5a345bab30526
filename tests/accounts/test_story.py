"""Tell my story once: a carer's consented story goes with every referral from their account, is seen by
the receiving provider only (and every look is logged), and stops going once consent is withdrawn."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import StoryConsent
from carers_portal.core.models import AuditEvent
from services.referrals.models import Referral, StaffMembership
from services.referrals.services.handling import referral_assign
from tests.referrals.journey import answer_all, send
from tests.services.factories import OrganisationFactory, ServiceFactory

STORY = {"what_matters": "Keeping my job at the school.", "emergency_plan": "Call my brother Tom; plan on the fridge."}
ABOUT = {"name": "Sam Carer", "age_band": "55_64", "postcode": "ME14 1XX"}


@pytest.fixture
def services(db: Any) -> dict[str, Any]:
    involve = OrganisationFactory(name="Involve Kent", phone="01622 000000", email="hello@involve.example.org")
    other = OrganisationFactory(name="Another Provider")
    return {
        "involve": involve,
        "other": other,
        "sitting": ServiceFactory(organisation=involve, districts=["maidstone"], accepts_self_referral=True),
        "elsewhere": ServiceFactory(organisation=other, districts=["maidstone"], accepts_self_referral=True),
    }


def refer(client: Client, service: Any) -> Referral:
    client.get(f"/services/{service.slug}/refer/")
    response = send(client, service, answer_all(client, service, about=ABOUT))
    assert response.status_code == 302
    return Referral.objects.filter(service=service).latest("pk")


@pytest.mark.django_db
def test_the_story_travels_with_each_referral_until_consent_is_withdrawn(
    client: Client, carer_factory: Any, services: dict[str, Any], staff_user_factory: Any, staff_login: Any
) -> None:
    carer = carer_factory(email="sam@example.com")
    client.force_login(carer)
    assert client.get("/carers/your-story/").status_code == 200
    response = client.post("/carers/your-story/", {**STORY, "share": "on"})
    assert response.status_code == 302
    consent = StoryConsent.objects.get()
    assert consent.withdrawn_at is None
    assert consent.shares == ["who_they_care_for", "caring_hours", "what_matters", "emergency_plan"]
    assert "every request for help" in consent.wording

    first = refer(client, services["sitting"])
    assert first.shared_story is not None
    assert first.shared_story["what_matters"] == STORY["what_matters"]
    assert first.shared_story["emergency_plan"] == STORY["emergency_plan"]
    assert first.shared_story["who_they_care_for"][0]["relationship"] == "Parent"
    assert first.shared_story["caring_hours"][0]["hours"] == "50 or more hours a week"

    # The receiving provider's triage sees it, and the look is logged; another provider cannot open it.
    involve_staff = staff_user_factory(email="triage@involve.example.org")
    StaffMembership.objects.create(user=involve_staff, organisation=services["involve"])
    other_staff = staff_user_factory(email="triage@other.example.org")
    StaffMembership.objects.create(user=other_staff, organisation=services["other"])
    page = staff_login(Client(), involve_staff).get(f"/staff/referrals/referral/{first.pk}/change/").content.decode()
    assert "Keeping my job at the school." in page
    assert "Call my brother Tom; plan on the fridge." in page
    assert AuditEvent.objects.filter(
        actor=involve_staff, action=AuditEvent.Action.VIEW, summary="Viewed the carer's story"
    ).exists()
    other_page = staff_login(Client(), other_staff).get(f"/staff/referrals/referral/{first.pk}/change/", follow=True)
    assert "Keeping my job at the school." not in other_page.content.decode()

    # Withdrawn: the next referral carries nothing; the one already sent keeps what it was sent with.
    client.post("/carers/your-story/", {**STORY})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    second = refer(client, services["elsewhere"])
    assert second.shared_story is None
    first.refresh_from_db()
    assert first.shared_story is not None
    assert first.shared_story["what_matters"] == STORY["what_matters"]
    # Agreeing again is a new record (when, what), not the old one revived.
    client.post("/carers/your-story/", {**STORY, "share": "on"})
    assert StoryConsent.objects.count() == 2
    # The carer's own data download shows the story and each agreement.
    data = client.get("/account/your-data/download.json").json()
    assert data["your_story"]["what_matters"] == STORY["what_matters"]
    assert len(data["your_story"]["sharing_consents"]) == 2


@pytest.mark.django_db
def test_without_an_account_or_consent_nothing_is_shared(
    client: Client, carer_factory: Any, services: dict[str, Any]
) -> None:
    assert refer(client, services["sitting"]).shared_story is None  # no account
    signed_in = Client()
    signed_in.force_login(carer_factory(email="quiet@example.com"))
    signed_in.post("/carers/your-story/", {**STORY})  # saved, not shared
    assert refer(signed_in, services["elsewhere"]).shared_story is None


@pytest.mark.django_db
def test_your_referrals_shows_who_is_handling_each_and_how_to_reach_them(
    client: Client, carer_factory: Any, services: dict[str, Any], staff_user_factory: Any
) -> None:
    client.force_login(carer_factory(email="sam@example.com"))
    referral = refer(client, services["sitting"])
    worker = staff_user_factory(email="jo@involve.example.org", name="Jo Navigator")
    StaffMembership.objects.create(user=worker, organisation=services["involve"])
    referral_assign(referral=referral, assignee=worker, actor=worker)

    page = client.get("/account/referrals/").content.decode()
    assert "Jo Navigator at Involve Kent" in page
    assert "01622 000000" in page
    assert "hello@involve.example.org" in page
    assert "jo@involve.example.org" not in page  # staff email addresses stay private
