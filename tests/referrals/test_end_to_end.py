"""As a new user would: a resident asks a Live Well Kent service for help; Porchlight's staff triage it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from carers_portal.core.models import OutboundEmail
from services.referrals.models import Referral
from tests.referrals.admin_support import CHANGELIST, change_form_data, change_url
from tests.referrals.journey import answer_all, send, url


@pytest.mark.django_db
def test_an_anonymous_live_well_kent_referral_reaches_porchlight_only_and_the_referrer_follows_it(
    service_factory: Any, organisation_factory: Any, provider_staff: Any, staff_login: Any
) -> None:
    porchlight = organisation_factory(name="Porchlight", referrals_email="referrals@porchlight.example.org")
    shaw = organisation_factory(name="Shaw Trust", referrals_email="referrals@shawtrust.example.org")
    service = service_factory(organisation=porchlight, name="Live Well Kent: Dartford, Gravesham, Swanley and Swale")
    service_factory(organisation=shaw, name="Live Well Kent: West Kent")
    porchlight_worker = provider_staff(porchlight, email="worker@porchlight.example.org")
    shaw_worker = provider_staff(shaw, email="worker@shawtrust.example.org")

    # A resident, not signed in, asks for help.
    resident = Client()
    send(resident, service, answer_all(resident, service))
    confirmation = resident.get(url(service, "confirmation")).content.decode()
    referral = Referral.objects.get()
    assert referral.reference in confirmation
    status_url = referral.get_status_url()
    assert status_url in confirmation
    assert OutboundEmail.objects.get(category="referral_new").to == "referrals@porchlight.example.org"

    # Porchlight's worker sees it in their queue; Shaw Trust's worker does not.
    porchlight_client = staff_login(Client(), porchlight_worker)
    shaw_client = staff_login(Client(), shaw_worker)
    assert change_url(referral) in porchlight_client.get(CHANGELIST).content.decode()
    assert change_url(referral) not in shaw_client.get(CHANGELIST).content.decode()
    assert shaw_client.get(change_url(referral)).status_code == 302

    # It moves through triage, and the referrer's status page follows it.
    assert "We have sent your request" in resident.get(status_url).content.decode()
    porchlight_client.post(CHANGELIST, {"action": "start_triage", "_selected_action": [referral.pk]})
    porchlight_client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": [referral.pk]})
    assert "The service is looking at your request" in resident.get(status_url).content.decode()

    porchlight_client.post(change_url(referral), change_form_data(referral, move_to="accepted"))
    assert "has accepted your request" in resident.get(status_url).content.decode()

    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.assigned_to == porchlight_worker
    assert [e.subject for e in OutboundEmail.objects.filter(category="referral_status").order_by("pk")] == [
        f"Update on your request {referral.reference}: in triage",
        f"Update on your request {referral.reference}: accepted",
    ]
