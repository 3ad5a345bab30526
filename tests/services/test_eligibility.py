"""Who a service is for on a day, and the check a referral makes against it: every kind of rule."""

from __future__ import annotations

from datetime import date

import pytest

from services.eligibility import (
    Reason,
    eligibility_next_change,
    eligibility_on,
    need_levels_text,
    reason_text,
    service_eligibility_check,
)
from services.geography import postcode_locality
from services.models import EligibilityChange, NeedLevel, Service
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

APRIL_2026 = date(2026, 4, 1)


def _wellbeing(**extra: object) -> Service:
    values: dict[str, object] = {
        "districts": ["thanet", "dover", "folkestone-and-hythe"],
        "minimum_age": 55,
        "need_levels": [],
    }
    values.update(extra)
    service: Service = ServiceFactory(**values)
    return service


def _redesign(service: Service, **extra: object) -> EligibilityChange:
    values: dict[str, object] = {
        "takes_effect_on": APRIL_2026,
        "minimum_age": 55,
        "need_levels": [NeedLevel.MEDIUM, NeedLevel.HIGHER],
    }
    values.update(extra)
    return EligibilityChange.objects.create(status="decided", service=service, **values)


def _check(service: Service, *, age_band: str = "65_74", district: str = "thanet", on: date = APRIL_2026) -> tuple:
    result = service_eligibility_check(service=service, age_band=age_band, district=district, on=on)
    return result.reasons, result.can_go_on


def test_inside_everything() -> None:
    assert _check(_wellbeing()) == ((), True)


def test_outside_the_area() -> None:
    assert _check(_wellbeing(), district="dartford") == ((Reason.OUTSIDE_AREA,), False)


def test_outside_the_area_but_the_provider_takes_requests_from_outside() -> None:
    assert _check(_wellbeing(accepts_outside_area=True), district="dartford") == ((Reason.OUTSIDE_AREA,), True)


def test_a_service_with_no_districts_covers_everywhere() -> None:
    assert _check(_wellbeing(districts=[]), district="medway") == ((), True)


def test_an_unknown_district_is_not_held_against_the_person() -> None:
    assert _check(_wellbeing(), district="") == ((), True)


@pytest.mark.parametrize(
    ("age_band", "outside"),
    [
        ("under_18", True),
        ("45_54", True),  # every age in the band is under 55
        ("55_64", False),
        ("85_plus", False),
        ("prefer_not_to_say", False),  # not known: the provider asks
        ("", False),
    ],
)
def test_minimum_age(age_band: str, outside: bool) -> None:
    reasons, can_go_on = _check(_wellbeing(), age_band=age_band)
    assert (Reason.OUTSIDE_AGE in reasons) is outside
    assert can_go_on is not outside


@pytest.mark.parametrize(("age_band", "outside"), [("18_24", False), ("25_34", False), ("35_44", True)])
def test_maximum_age_counts_a_band_as_outside_only_when_all_of_it_is(age_band: str, outside: bool) -> None:
    # 17 to 25: "25_34" overlaps (a 25-year-old is inside), "35_44" does not.
    service = _wellbeing(minimum_age=17, maximum_age=25)
    assert (Reason.OUTSIDE_AGE in _check(service, age_band=age_band)[0]) is outside


def test_outside_area_and_age_together() -> None:
    assert _check(_wellbeing(), age_band="25_34", district="maidstone")[0] == (
        Reason.OUTSIDE_AREA,
        Reason.OUTSIDE_AGE,
    )


def test_an_ended_service_takes_no_requests_even_from_inside_or_with_outside_requests_allowed() -> None:
    service = _wellbeing(valid_until=date(2026, 3, 31), accepts_outside_area=True)
    assert _check(service, on=date(2026, 3, 31)) == ((), True)  # its last day
    assert _check(service, on=APRIL_2026) == ((Reason.ENDED,), False)


def test_a_service_not_yet_started_takes_no_requests() -> None:
    service = _wellbeing(valid_from=APRIL_2026)
    assert _check(service, on=date(2026, 3, 31)) == ((Reason.NOT_STARTED,), False)
    assert _check(service, on=APRIL_2026) == ((), True)


def test_a_scheduled_change_applies_from_its_day_without_anything_running() -> None:
    service = _wellbeing(need_levels=[], referral_rule="")
    _redesign(service, districts=["thanet"], minimum_age=60, referral_rule="Must be registered with a Kent GP")
    before = eligibility_on(service=service, on=date(2026, 3, 31))
    after = eligibility_on(service=service, on=APRIL_2026)
    assert before.need_levels == ()
    assert before.minimum_age == 55
    assert before.since is None
    assert after.need_levels == ("medium", "higher")
    assert after.minimum_age == 60
    assert after.districts == ("thanet",)
    assert after.referral_rule == "Must be registered with a Kent GP"
    assert after.since == APRIL_2026
    # The check uses the day's rules: Dover is covered on 31 March, not on 1 April.
    assert _check(service, district="dover", on=date(2026, 3, 31))[0] == ()
    assert _check(service, district="dover", on=APRIL_2026)[0] == (Reason.OUTSIDE_AREA,)


def test_a_change_without_districts_keeps_the_districts() -> None:
    service = _wellbeing()
    _redesign(service)
    assert eligibility_on(service=service, on=APRIL_2026).districts == ("thanet", "dover", "folkestone-and-hythe")


def test_changes_apply_in_date_order_whatever_order_they_were_entered() -> None:
    service = _wellbeing()
    _redesign(service, takes_effect_on=date(2027, 4, 1), need_levels=[NeedLevel.HIGHER])
    _redesign(service)
    assert eligibility_on(service=service, on=date(2026, 12, 6)).need_levels == ("medium", "higher")
    assert eligibility_on(service=service, on=date(2027, 4, 1)).need_levels == ("higher",)


def test_the_notice_before_a_change_is_written_from_the_change() -> None:
    service = _wellbeing()
    _redesign(service)
    upcoming = eligibility_next_change(service=service, on=date(2026, 3, 1))
    assert upcoming is not None
    assert upcoming.on == APRIL_2026
    assert upcoming.notice == "From 1 April 2026 this service is for people with medium or higher needs."
    assert eligibility_next_change(service=service, on=APRIL_2026) is None


def test_the_notice_names_area_and_age_changes_and_prefers_the_commissioners_words() -> None:
    service = _wellbeing()
    change = _redesign(service, need_levels=[], minimum_age=18, districts=["thanet", "dover"])
    notice = eligibility_next_change(service=service, on=date(2026, 1, 1))
    assert notice is not None
    assert notice.notice == "From 1 April 2026 this service is for people aged 18 and over, in Dover and Thanet."
    change.notice = "From April the service moves to the Margate hub."
    change.save()
    notice = eligibility_next_change(service=service, on=date(2026, 1, 1))
    assert notice is not None
    assert notice.notice == "From April the service moves to the Margate hub."


def test_need_level_wording() -> None:
    assert need_levels_text(["higher", "medium"]) == "medium or higher needs"
    assert need_levels_text(["low"]) == "low needs"
    assert need_levels_text(["low", "medium", "higher"]) == ""  # everyone
    assert need_levels_text([]) == ""


def test_reasons_in_plain_english() -> None:
    eligibility = eligibility_on(service=_wellbeing(), on=APRIL_2026)
    assert (
        reason_text(reason=Reason.OUTSIDE_AREA, eligibility=eligibility, district="dartford")
        == "This service covers Thanet and South Kent Coast. It does not cover Dartford."
    )
    assert (
        reason_text(reason=Reason.OUTSIDE_AGE, eligibility=eligibility, district="")
        == "This service is for people aged 55 and over."
    )


def test_a_service_for_one_town_covers_only_that_part_of_its_district() -> None:
    # Swanley is in Sevenoaks district: a Dartford, Gravesham and Swanley service does not cover Sevenoaks town.
    service = _wellbeing(districts=["dartford", "gravesham", "sevenoaks"], localities=["swanley"])
    assert _check(service, district="sevenoaks", age_band="65_74")[0] == (Reason.OUTSIDE_AREA,)
    inside = service_eligibility_check(
        service=service, age_band="65_74", district="sevenoaks", locality=postcode_locality("BR8 7AA"), on=APRIL_2026
    )
    assert inside.reasons == ()
    assert _check(service, district="dartford")[0] == ()
