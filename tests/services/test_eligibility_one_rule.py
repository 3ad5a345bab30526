"""Who a service is for on a day has one definition (issue 25.2): services.selectors.eligibility's
`changes_in_effect` (which scheduled changes count) and `moving_districts` (which of them move the districts).
Change either and the search and the referral check change together; and the pages that read it ask the database
a fixed number of times."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.db.models import QuerySet
from django.test import Client
from django.test.utils import CaptureQueriesContext

from services.eligibility import service_eligibility_check
from services.models import EligibilityChange, NeedLevel, Postcode, Service
from services.referrals.models import Referral
from services.referrals.services.submit import ReferralOutsideService, referral_submit
from services.selectors import eligibility as rule
from services.selectors.search import services_search
from tests.referrals.factories import DETAILS  # Alex, aged 35 to 44, at DA1 1DX in Dartford
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_2_april_2026() -> Any:
    Postcode.objects.create(postcode="DA1", kind="outward", latitude=51.446, longitude=0.216, district="dartford")
    with time_machine.travel(datetime(2026, 4, 2, 12, tzinfo=UTC), tick=False):
        yield


def _found(service: Service, **filters: Any) -> bool:
    return service in services_search(**filters)


def _refused(service: Service) -> str:
    """Why `referral_submit` refuses Alex's request ("" when it is sent)."""
    try:
        referral_submit(service=service, details=DETAILS, submission_token=secrets.token_hex(8))
    except ReferralOutsideService as refusal:
        return str(refusal)
    return ""


def test_letting_proposals_take_effect_changes_the_search_and_the_referral_check(monkeypatch: Any) -> None:
    service = ServiceFactory(districts=["thanet"], minimum_age=55, accepts_self_referral=True)
    EligibilityChange.objects.create(  # proposed, not decided: it does not take effect on its date
        service=service, takes_effect_on=date(2026, 4, 1), districts=["dartford"], minimum_age=18
    )
    assert not _found(service, districts=["dartford"])
    assert not _found(service, age=40)
    assert _refused(service) == (
        "This service covers Thanet. It does not cover Dartford. This service is for people aged 55 and over."
    )

    def with_proposals(*, on: date) -> QuerySet[EligibilityChange]:
        return EligibilityChange.objects.filter(takes_effect_on__lte=on)

    monkeypatch.setattr(rule, "changes_in_effect", with_proposals)
    assert _found(service, districts=["dartford"])
    assert _found(service, age=40)
    assert _refused(service) == ""
    assert Referral.objects.get().flags == []


def test_letting_a_change_without_districts_cover_everywhere_changes_both(monkeypatch: Any) -> None:
    service = ServiceFactory(districts=["thanet"], accepts_self_referral=True)
    EligibilityChange.objects.create(
        status="decided", service=service, takes_effect_on=date(2026, 4, 1), need_levels=[NeedLevel.MEDIUM]
    )
    assert _found(service, districts=["thanet"])  # a change without districts keeps them
    assert _refused(service) == "This service covers Thanet. It does not cover Dartford."

    monkeypatch.setattr(rule, "moving_districts", lambda changes: changes)  # now it names none: everywhere
    assert not _found(service, districts=["thanet"])
    assert _refused(service) == ""


def test_the_service_page_and_the_check_ask_the_database_a_fixed_number_of_times(client: Client) -> None:
    plain = ServiceFactory(districts=["thanet"], minimum_age=55)
    changing = ServiceFactory(districts=["thanet"], minimum_age=55)
    for status, day, age in (
        ("decided", (2026, 1, 1), 50),
        ("proposed", (2026, 6, 1), 18),
        ("decided", (2027, 1, 1), 40),
    ):
        EligibilityChange.objects.create(status=status, service=changing, takes_effect_on=date(*day), minimum_age=age)

    def queries(read: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            read()
        return len(captured)

    def page(service: Service) -> str:
        return str(client.get(service.get_absolute_url()).content.decode())

    page(plain)  # the first page also reads what every page reads once
    assert queries(lambda: page(plain)) == queries(lambda: page(changing))
    html = page(changing)
    assert "People aged 50 and over" in html
    assert "From 1 January 2027 this service is for people aged 40 and over." in html
    assert "The council has proposed that from 1 June 2026 this service is for people aged 18 and over." in html

    def check(service: Service) -> None:
        service_eligibility_check(service=service, age_band="35_44", district="dover", on=date(2026, 4, 2))

    assert queries(lambda: check(plain)) == queries(lambda: check(changing)) == 1
