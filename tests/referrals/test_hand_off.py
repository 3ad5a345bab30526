"""A staff hand-off: "Refer on to another service" on a referral's page makes a checked, linked referral to the
other service, carries the carer's story only while they agree to share it, tells them, and is audited; only
staff the permission policy allows (the sending provider's own referrals) may do it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import CarerProfile
from accounts.story import story_consent_give, story_consent_withdraw, story_save
from carers_portal.core.models import AuditEvent, OutboundEmail
from services.referrals.models import Referral
from services.referrals.services.handoff import referral_hand_off
from services.referrals.services.submit import ReferralOutsideService
from tests.accounts.factories import CarerFactory
from tests.referrals.admin_support import change_url

pytestmark = pytest.mark.django_db

STORY = {"what_matters": "Keeping my job at the school.", "emergency_plan": "Call my brother Tom."}


@pytest.fixture
def setting(organisation_factory: Any, service_factory: Any, referral_factory: Any, provider_staff: Any) -> Any:
    """A carer with a shared story, their referral to Involve, and a second provider to hand it on to."""
    involve = organisation_factory(name="Involve Kent", referrals_email="referrals@involve.example.org")
    porchlight = organisation_factory(name="Porchlight", referrals_email="referrals@porchlight.example.org")
    carer = CarerFactory(email="sam@example.com")
    profile = CarerProfile.objects.get(user=carer)
    story_save(profile=profile, **STORY)
    story_consent_give(profile=profile)
    sitting = service_factory(organisation=involve, name="Carers' sitting service")
    floating = service_factory(organisation=porchlight, name="Floating support")
    referral = referral_factory(service=sitting, user=carer, email="sam@example.com")
    return {
        "carer": carer,
        "profile": profile,
        "referral": referral,
        "floating": floating,
        "sender": provider_staff(involve, email="jo@involve.example.org"),
        "receiver": provider_staff(porchlight, email="amy@porchlight.example.org"),
    }


def hand_off_url(referral: Referral) -> str:
    return f"/staff/referrals/referral/{referral.pk}/hand-off/"


def post_hand_off(client: Client, referral: Referral, service: Any, **extra: str) -> Any:
    data = {"service": str(service.pk), "help_wanted": "Help to keep their tenancy.", "person_agreed": "on", **extra}
    return client.post(hand_off_url(referral), data)


def test_staff_refer_a_carer_on_with_their_story(setting: dict[str, Any], staff_login: Any) -> None:
    referral, floating = setting["referral"], setting["floating"]
    sender = staff_login(Client(), setting["sender"])
    page = sender.get(change_url(referral)).content.decode()
    assert "Refer on to another service" in page
    form = sender.get(hand_off_url(referral)).content.decode()
    assert "Floating support (Porchlight)" in form
    assert "Carers&#x27; sitting service" not in form  # not its own service

    response = post_hand_off(sender, referral, floating)
    assert response.status_code == 302
    new = Referral.objects.get(handed_off_from=referral)
    assert (new.service, new.submitted_by, new.name, new.phone) == (
        floating,
        setting["carer"],
        referral.name,
        referral.phone,
    )
    assert new.help_wanted == "Help to keep their tenancy."
    assert new.shared_story is not None
    assert new.shared_story["what_matters"] == STORY["what_matters"]
    # Audited on both: who handed it on, and the new one's creation by the same member of staff.
    assert AuditEvent.objects.filter(
        actor=setting["sender"], object_id=str(referral.pk), summary__startswith="Handed off to Floating support"
    ).exists()
    assert AuditEvent.objects.filter(
        actor=setting["sender"], object_id=str(new.pk), summary=f"Handed off from {referral.reference}"
    ).exists()
    # The carer is told, and the receiving provider's inbox gets the usual new-referral email.
    receipt = OutboundEmail.objects.get(
        to="sam@example.com", category="referral_receipt", body_text__contains=new.reference
    )
    assert "Involve Kent has passed your request for help on to Porchlight" in receipt.body_text
    assert OutboundEmail.objects.filter(to="referrals@porchlight.example.org", category="referral_new").exists()
    # The sender sees where it went; a second post makes no second referral.
    assert "Floating support at Porchlight" in sender.get(change_url(referral)).content.decode()
    post_hand_off(sender, referral, floating)
    assert Referral.objects.filter(handed_off_from=referral).count() == 1

    # The receiving provider's triage sees the story, and the look is logged.
    receiver = staff_login(Client(), setting["receiver"])
    received = receiver.get(change_url(new)).content.decode()
    assert STORY["emergency_plan"] in received
    assert f"Handed off from {referral.reference}" in received
    assert AuditEvent.objects.filter(
        actor=setting["receiver"], object_id=str(new.pk), summary="Viewed the carer's story"
    ).exists()
    # ...but may not hand on (or open) the sender's referral.
    assert receiver.get(hand_off_url(referral)).status_code == 404

    # The carer's "Your referrals" shows the new request, who handles it and who passed it on.
    carer = Client()
    carer.force_login(setting["carer"])
    mine = carer.get("/account/referrals/").content.decode()
    assert new.reference in mine
    assert "Passed on by Involve Kent" in mine
    assert "Porchlight" in mine


def test_a_withdrawn_consent_sends_no_story(setting: dict[str, Any]) -> None:
    story_consent_withdraw(profile=setting["profile"])
    new = referral_hand_off(
        referral=setting["referral"],
        to_service=setting["floating"],
        actor=setting["sender"],
        help_wanted="Help with housing.",
        person_agreed=True,
    )
    assert new.shared_story is None
    assert setting["referral"].shared_story is not None  # what was sent before stays as it was


def test_only_staff_the_policy_allows_can_hand_off(
    setting: dict[str, Any], staff_login: Any, staff_user_factory: Any, provider_staff: Any
) -> None:
    referral = setting["referral"]
    commissioner = staff_login(Client(), staff_user_factory(email="c@kent.gov.uk", staff_role="commissioner"))
    assert "Refer on to another service" not in commissioner.get(change_url(referral)).content.decode()
    assert commissioner.get(hand_off_url(referral)).status_code == 403
    assert post_hand_off(commissioner, referral, setting["floating"]).status_code == 403
    council = staff_login(Client(), staff_user_factory(email="t@kent.gov.uk", staff_role="council_triage"))
    assert post_hand_off(council, referral, setting["floating"]).status_code == 302
    assert Referral.objects.filter(handed_off_from=referral).count() == 1


def test_the_person_must_have_agreed_and_be_inside_who_it_is_for(
    setting: dict[str, Any], staff_login: Any, service_factory: Any
) -> None:
    referral = setting["referral"]
    sender = staff_login(Client(), setting["sender"])
    page = post_hand_off(sender, referral, setting["floating"], person_agreed="").content.decode()
    assert "Confirm they agreed to be referred on" in page

    thanet_only = service_factory(name="Thanet carers' group", districts=["thanet"], accepts_outside_area=True)
    page = post_hand_off(sender, referral, thanet_only).content.decode()
    assert "Tick the last box to send it anyway" in page
    assert not Referral.objects.filter(handed_off_from=referral).exists()
    assert post_hand_off(sender, referral, thanet_only, outside_confirmed="on").status_code == 302
    new = Referral.objects.get(handed_off_from=referral)
    assert Referral.Flag.OUTSIDE_AREA in new.flags

    with pytest.raises(ReferralOutsideService):
        referral_hand_off(
            referral=referral,
            to_service=service_factory(name="Swale only", districts=["swale"]),
            actor=setting["sender"],
            help_wanted="Help.",
            person_agreed=True,
            outside_confirmed=True,  # the service does not take requests from outside its area
        )
