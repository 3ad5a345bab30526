"""The referral journey checks who the service is for before consent, and never silently accepts someone outside it."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from services.models import EligibilityChange, NeedLevel, TaxonomyTerm
from services.referrals.models import Referral
from services.referrals.services.submit import ReferralOutsideService, referral_submit
from tests.referrals.factories import DETAILS
from tests.referrals.journey import ANSWERS, answer_all, send, url
from tests.services.factories import TaxonomyTermFactory

pytestmark = pytest.mark.django_db


def _at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, tzinfo=UTC)


@pytest.fixture
def wellbeing(db: Any) -> TaxonomyTerm:
    term: TaxonomyTerm = TaxonomyTermFactory(slug="wellbeing-groups", name="Wellbeing groups and activities")
    return term


def _answer_until_about(client: Any, service: Any, **about: str) -> Any:
    for step in ("start", "who"):
        client.post(url(service, step), ANSWERS[step])
    return client.post(url(service, "about"), ANSWERS["about"] | about)


def test_someone_outside_the_area_is_told_so_and_shown_services_that_cover_them(
    client: Any, service_factory: Any, wellbeing: TaxonomyTerm
) -> None:
    thanet = service_factory(name="Wellbeing Thanet", districts=["thanet"])
    thanet.categories.set([wellbeing])
    dartford = service_factory(name="Wellbeing Dartford", districts=["dartford", "gravesham"], summary="Groups.")
    dartford.categories.set([wellbeing])
    unrelated = service_factory(name="Dartford Benefits Advice", districts=["dartford"])  # no shared category
    ended = service_factory(name="Wellbeing Dartford Old", districts=["dartford"], valid_until=date(2020, 3, 31))
    ended.categories.set([wellbeing])
    for_over_55s = service_factory(name="Wellbeing Dartford 55+", districts=["dartford"], minimum_age=55)
    for_over_55s.categories.set([wellbeing])

    response = _answer_until_about(client, thanet)  # DA1: Dartford, aged 35 to 44
    assert response["Location"] == url(thanet, "who-it-is-for")
    page = client.get(response["Location"]).content.decode()
    assert "Wellbeing Thanet may not be able to help you" in page
    assert "This service covers Thanet. It does not cover Dartford." in page
    assert "Wellbeing Dartford" in page
    assert "Covers Dartford and Gravesham" in page
    for not_offered in (unrelated, ended, for_over_55s):
        assert not_offered.name not in page
    assert "Send a request anyway" not in page  # this provider does not take them

    # No way round it: later pages, the check page and a forced POST all come back here, and nothing is stored.
    for step in ("contact", "consent", "check-your-answers"):
        assert client.get(url(thanet, step))["Location"] == url(thanet, "who-it-is-for")
    client.post(url(thanet, "who-it-is-for"))
    assert client.get(url(thanet, "contact"))["Location"] == url(thanet, "who-it-is-for")
    assert not Referral.objects.exists()


def test_changing_the_postcode_to_one_inside_lets_them_carry_on(client: Any, service_factory: Any) -> None:
    thanet = service_factory(districts=["thanet"])
    _answer_until_about(client, thanet)
    response = client.post(url(thanet, "about"), ANSWERS["about"] | {"postcode": "CT9 1XZ"})
    assert response["Location"] == url(thanet, "contact")
    html = answer_all(client, thanet, about=ANSWERS["about"] | {"postcode": "CT9 1XZ"})
    send(client, thanet, html)
    assert Referral.objects.get().flags == []


def test_where_the_provider_accepts_it_they_may_go_on_and_the_referral_is_flagged(
    client: Any, service_factory: Any
) -> None:
    service = service_factory(districts=["thanet"], minimum_age=55, accepts_outside_area=True)
    _answer_until_about(client, service)
    page = client.get(url(service, "who-it-is-for")).content.decode()
    assert "This service is for people aged 55 and over." in page
    assert "Send a request anyway" in page
    response = client.post(url(service, "who-it-is-for"))
    assert response["Location"] == url(service, "contact")

    for step in ("contact", "help", "communication", "consent"):
        assert client.post(url(service, step), ANSWERS[step]).status_code == 302
    html = client.get(url(service, "check-your-answers")).content.decode()
    assert send(client, service, html)["Location"] == url(service, "confirmation")
    referral = Referral.objects.get()
    assert referral.flags == [Referral.Flag.OUTSIDE_AREA, Referral.Flag.OUTSIDE_AGE]
    assert referral.district == "dartford"


def test_someone_outside_the_age_range_is_told_so(client: Any, service_factory: Any) -> None:
    service = service_factory(minimum_age=55)
    response = _answer_until_about(client, service, age_band="25_34")
    page = client.get(response["Location"]).content.decode()
    assert "This service is for people aged 55 and over." in page
    assert "covers" not in page.split("<h2")[0]  # no area reason: the service covers everywhere


def test_a_person_under_the_minimum_age_is_refused_by_referral_submit_too(service_factory: Any) -> None:
    service = service_factory(minimum_age=18, maximum_age=25)
    with pytest.raises(ReferralOutsideService, match="aged 18 to 25"):
        referral_submit(
            service=service, details=replace(DETAILS, age_band="under_18"), submission_token=secrets.token_hex(8)
        )
    with pytest.raises(ReferralOutsideService):  # confirming does not help where the provider does not accept it
        referral_submit(
            service=service,
            details=replace(DETAILS, age_band="45_54", outside_confirmed=True),
            submission_token=secrets.token_hex(8),
        )
    assert not Referral.objects.exists()


def test_flags_for_the_carers_answers_and_risk(service_factory: Any) -> None:
    referral = referral_submit(
        service=service_factory(),
        details=replace(DETAILS, risk_reported=True, cannot_carry_on=True, caring_50_hours=True),
        submission_token=secrets.token_hex(8),
    )
    assert referral.flags == ["cannot_carry_on", "caring_50_hours", "immediate_risk"]


def test_a_service_stops_taking_requests_the_day_after_it_ends(client: Any, service_factory: Any) -> None:
    service = service_factory(valid_until=date(2026, 3, 31))
    with time_machine.travel(_at(2026, 3, 31), tick=False):
        assert client.get(url(service, "start")).status_code == 200
        html = answer_all(client, service)
    with time_machine.travel(_at(2026, 4, 1), tick=False):
        assert client.get(url(service, "start")).status_code == 404
        assert send(client, service, html).status_code == 404
        with pytest.raises(ReferralOutsideService, match="has ended"):
            referral_submit(service=service, details=DETAILS, submission_token=secrets.token_hex(8))
    assert not Referral.objects.exists()


def test_a_scheduled_change_applies_to_the_journey_on_its_day(client: Any, service_factory: Any) -> None:
    # Until 31 March it covers Dartford and Thanet; from 1 April (the redesign) only Thanet, for medium or higher needs.
    service = service_factory(districts=["dartford", "thanet"])
    EligibilityChange.objects.create(
        status="decided",
        service=service,
        takes_effect_on=date(2026, 4, 1),
        districts=["thanet"],
        need_levels=[NeedLevel.MEDIUM, NeedLevel.HIGHER],
    )
    london = ZoneInfo("Europe/London")
    with time_machine.travel(datetime(2026, 3, 31, 23, 50, tzinfo=london), tick=False):
        assert _answer_until_about(client, service)["Location"] == url(service, "contact")
    with time_machine.travel(datetime(2026, 4, 1, 0, 10, tzinfo=london), tick=False):  # the same session, 20 minutes on
        assert client.get(url(service, "contact"))["Location"] == url(service, "who-it-is-for")
        page = client.get(url(service, "who-it-is-for")).content.decode()
        assert "This service covers Thanet. It does not cover Dartford." in page
