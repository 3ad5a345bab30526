"""Search as of today: services that have ended or not started are not found, and the level-of-need filter reads
who a service is for on the day (scheduled changes included), with nothing having to run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from services.models import EligibilityChange, NeedLevel, Postcode
from services.selectors.search import services_search
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _on(year: int, month: int, day: int) -> Any:
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


def _names(**filters: Any) -> set[str]:
    return {service.name for service in services_search(**filters)}


def test_ended_and_future_services_are_found_only_while_they_run(client: Client) -> None:
    ServiceFactory(name="Navigation ending", valid_until=date(2026, 3, 31))
    ServiceFactory(name="Wellbeing starting", valid_from=date(2026, 4, 1))
    ServiceFactory(name="Always here")
    with _on(2026, 3, 31):
        assert _names() == {"Navigation ending", "Always here"}
        page = client.get("/services/", {"area": "canterbury"}).content.decode()
        assert "Navigation ending" in page
    with _on(2026, 4, 1):
        assert _names() == {"Wellbeing starting", "Always here"}
        # The same search the day after: the cached page is keyed by the day, so the ended service is gone.
        page = client.get("/services/", {"area": "canterbury"}).content.decode()
        assert "Navigation ending" not in page


def test_the_need_level_filter_reads_who_a_service_is_for_on_the_day(client: Client) -> None:
    redesigned = ServiceFactory(name="Wellbeing redesigned", need_levels=[])
    EligibilityChange.objects.create(
        status="decided",
        service=redesigned,
        takes_effect_on=date(2026, 4, 1),
        need_levels=[NeedLevel.MEDIUM, NeedLevel.HIGHER],
    )
    EligibilityChange.objects.create(
        status="decided",  # a second change: the service must still be found once, not twice
        service=redesigned,
        takes_effect_on=date(2027, 4, 1),
        need_levels=[NeedLevel.MEDIUM, NeedLevel.HIGHER],
    )
    ServiceFactory(name="Information for everyone", need_levels=[])
    ServiceFactory(name="Higher needs only", need_levels=[NeedLevel.HIGHER])
    with _on(2026, 3, 31):
        assert _names(need_level="low") == {"Wellbeing redesigned", "Information for everyone"}
    with _on(2026, 4, 1):
        assert _names(need_level="low") == {"Information for everyone"}
        assert [s.name for s in services_search(need_level="higher")].count("Wellbeing redesigned") == 1
        assert _names(need_level="higher") == {"Wellbeing redesigned", "Information for everyone", "Higher needs only"}
        page = client.get("/services/", {"need_level": "low"}).content.decode()
        assert "Information for everyone" in page
        assert "Wellbeing redesigned" not in page
        assert "Low needs" in page  # the applied filter, with a link to remove it
        bad = client.get("/services/", {"need_level": "enormous"}).content.decode()
        assert "Choose a level of need from the list" in bad


def test_the_age_filter_reads_the_age_range_on_the_day(client: Client) -> None:
    ServiceFactory(name="For any adult", minimum_age=None, maximum_age=None)
    ServiceFactory(name="Over 55s", minimum_age=55, maximum_age=None)
    ServiceFactory(name="Young carers 18 to 25", minimum_age=18, maximum_age=25)
    widening = ServiceFactory(name="Over 65s, then over 55s", minimum_age=65, maximum_age=None)
    EligibilityChange.objects.create(
        status="decided", service=widening, takes_effect_on=date(2026, 4, 1), minimum_age=55
    )
    with _on(2026, 3, 31):
        assert _names(age=60) == {"For any adult", "Over 55s"}
        assert _names(age=25) == {"For any adult", "Young carers 18 to 25"}
        assert _names(age=26) == {"For any adult"}
        assert _names(age=65) == {"For any adult", "Over 55s", "Over 65s, then over 55s"}
    with _on(2026, 4, 1):
        assert _names(age=60) == {"For any adult", "Over 55s", "Over 65s, then over 55s"}
        page = client.get("/services/", {"age": "30"}).content.decode()
        assert "For any adult" in page
        assert "Over 55s" not in page
        assert "</span> age 30</a>" in page  # the applied filter, with a link to remove it
        assert (
            "This directory is for adults: enter an age of 18 or over"
            in client.get("/services/", {"age": "12"}).content.decode()
        )
        assert "Enter an age in years, like 67" in client.get("/services/", {"age": "sixty"}).content.decode()


def test_the_age_range_filter_finds_services_whose_ages_overlap_it_on_the_day(client: Client) -> None:
    ServiceFactory(name="For anyone", minimum_age=None, maximum_age=None)
    ServiceFactory(name="Sixteen to nineteen", minimum_age=16, maximum_age=19)
    ServiceFactory(name="Adults from 18", minimum_age=18, maximum_age=None)
    ServiceFactory(name="Up to 15", minimum_age=None, maximum_age=15)
    widening = ServiceFactory(name="Over 55s, then over 25s", minimum_age=55, maximum_age=None)
    EligibilityChange.objects.create(
        status="decided", service=widening, takes_effect_on=date(2026, 4, 1), minimum_age=25
    )
    with _on(2026, 3, 31):
        young = {"For anyone", "Sixteen to nineteen", "Adults from 18"}
        assert _names(age_from=16, age_to=25) == young
        assert _names(age_from=20, age_to=24) == {"For anyone", "Adults from 18"}
        assert _names(age_to=15) == {"For anyone", "Up to 15"}
        assert _names(age_to=16) == {"For anyone", "Up to 15", "Sixteen to nineteen"}
        assert _names(age_from=60) == {"For anyone", "Adults from 18", "Over 55s, then over 25s"}
    with _on(2026, 4, 1):
        assert _names(age_from=16, age_to=25) == young | {"Over 55s, then over 25s"}
        page = client.get("/services/", {"age_from": "16", "age_to": "25"}).content.decode()
        assert "Sixteen to nineteen" in page
        assert "Up to 15" not in page
        assert "</span> ages 16 to 25</a>" in page  # the applied filter, with a link that removes the range
        assert 'href="?"' in page
        wrong_way = client.get("/services/", {"age_from": "25", "age_to": "16"}).content.decode()
        assert "The oldest age must be the same as or more than the youngest age" in wrong_way
        assert "govuk-error-summary" in wrong_way
        assert (
            "Enter the youngest age in years, like 16" in client.get("/services/", {"age_from": "x"}).content.decode()
        )
        assert "Enter an oldest age of 120 or under" in client.get("/services/", {"age_to": "200"}).content.decode()


def test_areas_are_those_a_service_covers_on_the_day(client: Client) -> None:
    """A redesign that moves a service from Thanet to Dover: area and postcode searches, and what a result says it
    covers, follow it on its date."""
    moved = ServiceFactory(name="Carers' support moving to Dover", districts=["thanet"])
    EligibilityChange.objects.create(
        status="decided", service=moved, takes_effect_on=date(2026, 4, 1), districts=["dover"]
    )
    EligibilityChange.objects.create(
        status="decided", service=moved, takes_effect_on=date(2026, 6, 1), need_levels=[NeedLevel.HIGHER]
    )
    ServiceFactory(name="Thanet throughout", districts=["thanet"])
    Postcode.objects.create(postcode="CT16", kind="outward", latitude=51.139, longitude=1.305, district="dover")
    with _on(2026, 3, 31):
        assert _names(districts=["thanet"]) == {"Carers' support moving to Dover", "Thanet throughout"}
        assert _names(districts=["dover"]) == set()
        page = client.get("/services/", {"area": "thanet"}).content.decode()
        assert "Covers Thanet" in page.split("Carers&#x27; support moving to Dover")[1].split("</li>\n</ul>")[0]
    for day in [(2026, 4, 1), (2026, 7, 1)]:  # a later change that leaves the districts alone keeps the move
        with _on(*day):
            assert _names(districts=["thanet"]) == {"Thanet throughout"}
            assert _names(districts=["dover"]) == {"Carers' support moving to Dover"}
            page = client.get("/services/", {"area": "dover"}).content.decode()
            assert "Covers Dover" in page
            assert "Covers Thanet" not in page
            near = client.get("/services/", {"postcode": "CT16", "radius": "1"})
            found = {s.name: s for s in near.context["page_obj"]}
            assert found["Carers' support moving to Dover"].covers_origin
