"""Dated changes: commissioners schedule them in the admin; pages show them before and apply them on the day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client

from services.models import EligibilityChange, NeedLevel, Service
from tests.services.factories import ServiceFactory, TaxonomyTermFactory
from tests.services.support import json_ld, service_form

pytestmark = pytest.mark.django_db


def _on(year: int, month: int, day: int) -> Any:
    return time_machine.travel(datetime(year, month, day, 12, tzinfo=UTC), tick=False)


def _page(client: Client, service: Service) -> str:
    response = client.get(service.get_absolute_url())
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_commissioner_schedules_a_change_starting_from_who_it_is_for_today(commissioner_client: Client) -> None:
    service = ServiceFactory(minimum_age=55, districts=["thanet"], referral_rule="Must live in Kent")
    url = f"/staff/services/service/{service.pk}/change/"
    page = commissioner_client.get(url).content.decode()
    assert "Scheduled changes to who it is for" in page
    assert 'name="eligibility_changes-0-minimum_age" value="55"' in page  # starts from today's values
    assert 'name="eligibility_changes-0-referral_rule" value="Must live in Kent"' in page

    change = {
        "eligibility_changes-TOTAL_FORMS": "1",
        "eligibility_changes-0-takes_effect_on": "2026-04-01",
        "eligibility_changes-0-need_levels": ["medium", "higher"],
        "eligibility_changes-0-minimum_age": "55",
        "eligibility_changes-0-maximum_age": "",
        "eligibility_changes-0-referral_rule": "Must live in Kent",
        "eligibility_changes-0-source": "Decision 25/00014",
    }
    response = commissioner_client.post(url, service_form(service, **change))
    assert response.status_code == 302, response.context["inline_admin_formsets"]
    saved = EligibilityChange.objects.get(service=service)
    assert (saved.takes_effect_on, saved.need_levels, saved.minimum_age) == (date(2026, 4, 1), ["medium", "higher"], 55)

    ages_backwards = change | {
        "eligibility_changes-0-takes_effect_on": "2027-04-01",
        "eligibility_changes-0-maximum_age": "20",
    }
    ages_backwards |= {"eligibility_changes-INITIAL_FORMS": "0"}
    page = commissioner_client.post(url, service_form(service, **ages_backwards)).content.decode()
    assert "The maximum age must be the same as or more than the minimum age" in page


def test_the_page_shows_a_change_before_it_happens_and_applies_it_on_the_day(client: Client) -> None:
    service = ServiceFactory(name="Wellbeing for older people", minimum_age=55, accepts_self_referral=True)
    EligibilityChange.objects.create(
        status="decided",
        service=service,
        takes_effect_on=date(2026, 4, 1),
        need_levels=[NeedLevel.MEDIUM, NeedLevel.HIGHER],
        minimum_age=55,
    )
    with _on(2026, 3, 31):
        page = _page(client, service)
        assert "From 1 April 2026 this service is for people with medium or higher needs." in page
        assert "People with medium or higher needs" not in page
    with _on(2026, 4, 1):
        page = _page(client, service)
        assert "From 1 April 2026" not in page
        assert "People with medium or higher needs" in page
        assert "What the levels of need mean" in page
        assert "You need a bit of short-term help to stay independent" in page
        assert "People aged 55 and over" in page


def test_an_ended_service_stops_offering_referral_and_says_where_to_go_instead(client: Client) -> None:
    instead = ServiceFactory(name="Wellbeing for older people in Thanet")
    service = ServiceFactory(
        name="Community Navigation",
        accepts_self_referral=True,
        valid_until=date(2026, 3, 31),
        instead=instead,
        instead_note="Navigators now work within the Wellbeing service.",
    )
    with _on(2026, 3, 31):
        page = _page(client, service)
        assert "Refer yourself" in page
        assert "This service is due to run until 31 March 2026." in page
        assert "Where to go instead" not in page
    with _on(2026, 4, 1):
        page = _page(client, service)
        assert "This service ended on 31 March 2026." in page
        assert "Refer yourself" not in page
        assert "Where to go instead" in page
        assert "Navigators now work within the Wellbeing service." in page
        assert f'href="{instead.get_absolute_url()}"' in page
        assert client.get(f"{service.get_absolute_url()}refer/").status_code == 404


def test_a_service_not_yet_started_says_when_it_starts(client: Client) -> None:
    service = ServiceFactory(accepts_self_referral=True, valid_from=date(2026, 4, 1))
    with _on(2026, 3, 31):
        page = _page(client, service)
        assert "This service starts on 1 April 2026." in page
        assert "Refer yourself" not in page
    with _on(2026, 4, 1):
        assert "Refer yourself" in _page(client, service)


@pytest.mark.usefixtures("demo_directory")
def test_the_demo_holds_the_2025_redesign_as_a_proposal(client: Client) -> None:
    """Seed 000 asks the committee to consider and endorse the redesign, "implemented three months after the
    decision" (§6.1): the demo shows it as proposed, with no date, and it never takes effect by itself."""
    wellbeing = Service.objects.get(slug="wellbeing-older-people-sek")
    navigation = Service.objects.get(slug="community-navigation-east-kent")
    for day in [(2026, 3, 1), (2026, 4, 1), (2026, 12, 6)]:
        with _on(*day):
            page = _page(client, wellbeing)
            assert "The council has proposed that this service is only for people with medium or higher needs" in page
            assert "People with medium or higher needs" not in page  # not in effect
            assert "From 1 April 2026" not in page
            assert "due to run until" not in page  # the reports give no end date beyond the proposal
    with _on(2026, 3, 31):
        assert "This service ended" not in _page(client, navigation)
        assert "This service is due to run until 31 March 2026." in _page(client, navigation)  # 000 §3.5.5
    with _on(2026, 12, 6):
        page = _page(client, navigation)
        assert "This service ended on 31 March 2026." in page
        assert "The council proposed keeping navigation within the Wellbeing service" in page
        assert "Navigators now work" not in page


@pytest.mark.usefixtures("demo_directory")
def test_commissioners_see_every_scheduled_change_in_one_list(commissioner_client: Client) -> None:
    with _on(2026, 3, 1):
        upcoming = commissioner_client.get("/staff/services/eligibilitychange/", {"when": "upcoming"})
        proposals = commissioner_client.get("/staff/services/eligibilitychange/", {"status__exact": "proposed"})
    page = upcoming.content.decode()
    assert "Community Navigation for Carers" in page
    assert "1 April 2026" in page
    proposed = proposals.content.decode()
    assert "Wellbeing for older people in Thanet and South Kent Coast" in proposed


def test_carers_assessments_and_suggestions_follow_a_change_of_districts() -> None:
    """A new contract moves a carers' service from Thanet to Dover: on its date, Thanet's assessments and
    suggestions go elsewhere and Dover's come to it."""
    from services.selectors.service_lookups import carers_assessment_service_for_district, services_for_carer

    navigation = ServiceFactory(
        name="Community Navigation for Carers",
        districts=["thanet"],
        audiences=["carers"],
        provides_carers_assessments=True,
    )
    EligibilityChange.objects.create(
        status="decided", service=navigation, takes_effect_on=date(2026, 4, 1), districts=["dover"]
    )
    group = ServiceFactory(name="Carers' group", districts=["thanet"], audiences=["carers"])
    EligibilityChange.objects.create(
        status="decided", service=group, takes_effect_on=date(2026, 4, 1), districts=["dover"]
    )
    with _on(2026, 3, 31):
        assert carers_assessment_service_for_district(district="thanet") == navigation
        assert carers_assessment_service_for_district(district="dover") is None
        assert services_for_carer(district="thanet", conditions=[]) == [group]
    with _on(2026, 4, 1):
        assert carers_assessment_service_for_district(district="thanet") is None
        assert carers_assessment_service_for_district(district="dover") == navigation
        assert services_for_carer(district="thanet", conditions=[]) == []
        assert services_for_carer(district="dover", conditions=[]) == [group]


def test_a_service_page_tells_search_engines_the_areas_it_covers_that_day(client: Client) -> None:
    service = ServiceFactory(districts=["thanet"])
    EligibilityChange.objects.create(
        status="decided", service=service, takes_effect_on=date(2026, 4, 1), districts=["dover"]
    )
    for day, area in [((2026, 3, 31), "Thanet"), ((2026, 4, 1), "Dover")]:
        with _on(*day):
            data = json_ld(_page(client, service))
            assert data["areaServed"] == [{"@type": "AdministrativeArea", "name": area}]


def test_services_offered_instead_follow_a_change_of_districts() -> None:
    """Someone outside a service is offered others of its kind that cover them on the day: one that has moved to
    their district, or covers everywhere, and not one that has moved away."""
    from services.selectors.eligibility import services_covering

    breaks = [TaxonomyTermFactory()]
    wanted = ServiceFactory(name="Wanted", districts=["thanet"], categories=breaks)
    arriving = ServiceFactory(name="Moving to Dover", districts=["thanet"], categories=breaks)
    leaving = ServiceFactory(name="Leaving Dover", districts=["dover"], categories=breaks)
    ServiceFactory(name="Everywhere", districts=[], categories=breaks)
    ServiceFactory(name="Dover, another kind of support", districts=["dover"])
    EligibilityChange.objects.create(
        status="decided", service=arriving, takes_effect_on=date(2026, 4, 1), districts=["dover"]
    )
    EligibilityChange.objects.create(
        status="decided", service=leaving, takes_effect_on=date(2026, 4, 1), districts=["thanet"]
    )

    def offered(day: date) -> list[str]:
        found = services_covering(service=wanted, age_band="65_74", district="dover", on=day)
        return [s.name for s in found]

    assert offered(date(2026, 3, 31)) == ["Everywhere", "Leaving Dover"]
    assert offered(date(2026, 4, 1)) == ["Everywhere", "Moving to Dover"]
