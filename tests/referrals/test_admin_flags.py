"""The queue says why a referral was flagged; triage records a need level and the service it signposted to."""

from __future__ import annotations

from typing import Any

import pytest

from carers_portal.core.models import AuditEvent
from services.referrals.models import Referral
from tests.referrals.admin_support import CHANGELIST, change_form_data, change_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue(service_factory: Any, organisation_factory: Any, referral_factory: Any, provider_staff: Any) -> Any:
    organisation = organisation_factory(name="Porchlight")
    service = service_factory(organisation=organisation, districts=["dartford"], accepts_outside_area=True)
    return {
        "outside": referral_factory(service=service, postcode="CT9 1XZ", outside_confirmed=True),
        "carer": referral_factory(service=service, cannot_carry_on=True, caring_50_hours=True, risk_reported=True),
        "plain": referral_factory(service=service),
        "staff": provider_staff(organisation),
        "elsewhere": service_factory(name="Carers' Hub Thanet", districts=["thanet"]),
    }


def test_the_queue_shows_and_filters_by_why_a_referral_was_flagged(client: Any, staff_login: Any, queue: Any) -> None:
    staff_login(client, queue["staff"])
    page = client.get(CHANGELIST).content.decode()
    assert "Lives outside the area the service covers" in page
    assert "Said they may not be able or willing to carry on caring" in page
    assert "Caring for 50 or more hours a week" in page
    assert "Said someone is at immediate risk of harm" in page

    outside = client.get(CHANGELIST, {"flag": "outside_area"}).content.decode()
    assert queue["outside"].reference in outside
    assert queue["carer"].reference not in outside
    flagged = client.get(CHANGELIST, {"flag": "any"}).content.decode()
    assert queue["plain"].reference not in flagged
    assert queue["carer"].reference in flagged


def test_triage_records_a_need_level_and_a_signposted_service(client: Any, staff_login: Any, queue: Any) -> None:
    referral: Referral = queue["outside"]
    staff_login(client, queue["staff"])
    client.post(change_url(referral), change_form_data(referral, move_to="in_triage"))

    # Signposting needs the service it pointed to.
    page = client.post(change_url(referral), change_form_data(referral, move_to="signposted")).content.decode()
    assert "Select the service you signposted them to" in page
    referral.refresh_from_db()
    assert referral.status == Referral.Status.IN_TRIAGE

    client.post(
        change_url(referral),
        change_form_data(referral, move_to="signposted", need_level="medium", signposted_to=queue["elsewhere"].pk),
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SIGNPOSTED
    assert referral.need_level == "medium"
    assert referral.signposted_to == queue["elsewhere"]
    status_page = client.get(referral.get_status_url()).content.decode()
    assert f'They suggested <a class="govuk-link" href="{queue["elsewhere"].get_absolute_url()}">' in status_page
    assert AuditEvent.objects.filter(
        object_id=str(referral.pk), summary="Need level: medium; signposted to: Carers' Hub Thanet"
    ).exists()
