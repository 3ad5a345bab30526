"""Proposals are proposals (24.3): a proposed change never takes effect; once a commissioner records the decision
in the admin (audited), it takes effect on its date. Time is frozen with time-machine."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from carers_portal.core.models import AuditEvent
from services.eligibility import eligibility_on
from services.models import EligibilityChange, NeedLevel, Service
from tests.consultations.support import build_consultation
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _on(year: int, month: int, day: int) -> Any:
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


def _page(client: Client, service: Service) -> str:
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    return str(response.content.decode())


def _in_search(client: Client, service: Service, **query: str) -> bool:
    return service.name in client.get("/services/", query).content.decode()


def _proposal(service: Service, **extra: Any) -> EligibilityChange:
    values: dict[str, Any] = {
        "service": service,
        "takes_effect_on": date(2026, 4, 1),
        "need_levels": [NeedLevel.MEDIUM, NeedLevel.HIGHER],
        "minimum_age": 55,
        "source": "000 §6.1",
    }
    return EligibilityChange.objects.create(**(values | extra))


def test_a_new_change_is_proposed_until_decided() -> None:
    change = _proposal(ServiceFactory(minimum_age=55))
    assert change.status == EligibilityChange.Status.PROPOSED


def test_a_proposed_change_takes_no_effect_on_its_date_and_the_decided_one_does(
    client: Client, commissioner_client: Client
) -> None:
    service = ServiceFactory(name="Wellbeing for older people in Testshire", minimum_age=55, districts=["thanet"])
    change = _proposal(service, consultation=build_consultation())
    with _on(2026, 4, 2):
        assert eligibility_on(service=service, on=date(2026, 4, 2)).need_levels == ()
        page = _page(client, service)
        assert (
            "The council has proposed that from 1 April 2026 this service is for people with medium or higher needs."
            " Nothing changes unless it is decided." in page
        )
        assert f'href="{change.consultation.get_absolute_url()}"' in page  # type: ignore[union-attr]
        assert "People with medium or higher needs" not in page
        assert _in_search(client, service, area="thanet", need_level="low")  # SQL: the proposal is not applied

        response = commissioner_client.post(
            "/staff/services/eligibilitychange/",
            {"action": "decide_selected", "_selected_action": [str(change.pk)]},
            follow=True,
        )
        assert "Recorded 1 as decided" in response.content.decode()
    change.refresh_from_db()
    assert change.status == EligibilityChange.Status.DECIDED
    event = AuditEvent.objects.get(object_type="services.EligibilityChange", object_id=str(change.pk))
    assert event.actor_email == "commissioner@example.org"
    assert "Recorded as decided" in event.summary

    with _on(2026, 3, 31):  # decided, before its date: announced, not applied
        page = _page(client, service)
        assert "From 1 April 2026 this service is for people with medium or higher needs." in page
        assert "The council has proposed" not in page
        assert _in_search(client, service, area="thanet", need_level="low")
    with _on(2026, 4, 1):  # on its date: applied, in Python and in SQL
        assert eligibility_on(service=service, on=date(2026, 4, 1)).need_levels == ("medium", "higher")
        page = _page(client, service)
        assert "People with medium or higher needs" in page
        assert not _in_search(client, service, area="thanet", need_level="low")
        assert _in_search(client, service, area="thanet", need_level="medium")


def test_a_proposed_change_of_districts_moves_nothing(client: Client) -> None:
    service = ServiceFactory(name="Carers service in Testshire", districts=["thanet"])
    _proposal(service, districts=["dover"], need_levels=[])
    with _on(2026, 5, 1):
        assert _in_search(client, service, area="thanet")
        assert not _in_search(client, service, area="dover")


def test_a_proposal_without_a_date_cannot_be_recorded_as_decided(commissioner_client: Client) -> None:
    change = _proposal(ServiceFactory(minimum_age=55), takes_effect_on=None)
    response = commissioner_client.post(
        "/staff/services/eligibilitychange/",
        {"action": "decide_selected", "_selected_action": [str(change.pk)]},
        follow=True,
    )
    assert "give the date it takes effect first" in response.content.decode()
    change.refresh_from_db()
    assert change.status == EligibilityChange.Status.PROPOSED
    assert not AuditEvent.objects.filter(object_type="services.EligibilityChange").exists()
