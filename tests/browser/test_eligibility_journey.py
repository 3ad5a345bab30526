"""A resident outside a service's area is told so before consent and shown services that cover them (Chromium, axe)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from services.models import EligibilityChange, Organisation, Postcode, Service, Taxonomy, TaxonomyTerm
from services.referrals.models import Referral
from tests.browser.support import Journey


def _directory() -> tuple[Service, Service, Service]:
    Postcode.objects.create(
        postcode="DA1", kind=Postcode.Kind.OUTWARD, latitude=51.446, longitude=0.216, district="dartford"
    )
    taxonomy = Taxonomy.objects.create(name="Kent Carers and Wellbeing Portal categories")
    wellbeing = TaxonomyTerm.objects.create(taxonomy=taxonomy, slug="wellbeing-groups", name="Wellbeing groups")
    provider = Organisation.objects.create(name="Social Enterprise Kent", slug="sek")
    thanet = Service.objects.create(
        organisation=provider,
        name="Wellbeing for older people in Thanet",
        slug="wellbeing-thanet",
        districts=["thanet", "dover", "folkestone-and-hythe"],
        accepts_self_referral=True,
    )
    dartford = Service.objects.create(
        organisation=Organisation.objects.create(name="Involve Kent", slug="involve-kent"),
        name="Wellbeing for older people in Dartford, Gravesham and Swanley",
        slug="wellbeing-dgs",
        districts=["dartford", "gravesham", "sevenoaks"],
        summary="Groups and activities for people aged 55 and over.",
    )
    no_wrong_door = Service.objects.create(
        organisation=Organisation.objects.create(name="Porchlight", slug="porchlight"),
        name="Live Well Kent in Thanet",
        slug="live-well-kent-thanet",
        districts=["thanet"],
        accepts_self_referral=True,
        accepts_outside_area=True,
    )
    for service in (thanet, dartford, no_wrong_door):
        service.categories.set([wellbeing])
    return thanet, dartford, no_wrong_door


def _answer_about(journey: Journey, service: Service) -> None:
    page = journey.visit(f"{service.get_absolute_url()}refer/")
    page.get_by_role("radio", name="No", exact=True).check()
    journey.submit()
    page.get_by_role("radio", name="Me", exact=True).check()
    journey.submit()
    page.get_by_label("Full name", exact=True).fill("Alex Resident")
    page.get_by_label("65 to 74").check()
    page.get_by_label("Postcode", exact=True).fill("DA1 1DX")
    journey.submit()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_dartford_resident_is_told_a_thanet_service_does_not_cover_them(journey: Journey) -> None:
    thanet, dartford, no_wrong_door = _directory()
    # Its page first: who it is for today, the levels of need explained, and a notice before a scheduled change.
    Service.objects.filter(pk=thanet.pk).update(need_levels=["medium", "higher"])
    EligibilityChange.objects.create(
        status="decided",
        service=thanet,
        takes_effect_on=timezone.localdate() + timedelta(days=30),
        need_levels=["higher"],
    )
    page = journey.visit(thanet.get_absolute_url())
    assert "People with medium or higher needs" in page.get_by_role("main").inner_text()
    page.get_by_text("What the levels of need mean").click()
    assert page.get_by_text("You need regular help to live independently").is_visible()
    assert "this service is for people with higher needs." in page.locator(".kcc-upcoming-change").inner_text()
    journey.check()

    _answer_about(journey, thanet)
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Wellbeing for older people in Thanet may not be able to help you"
    )
    main = page.get_by_role("main")
    assert "It does not cover Dartford." in main.inner_text()
    assert page.get_by_role("button", name="Send a request anyway").count() == 0  # this provider does not take it
    main.get_by_role("link", name=dartford.name).click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == dartford.name

    # A provider with a "no wrong door" approach: they may go on, and the referral is flagged for its staff.
    _answer_about(journey, no_wrong_door)
    assert "It does not cover Dartford." in page.get_by_role("main").inner_text()
    journey.submit("Send a request anyway")
    assert page.get_by_role("heading", level=1).inner_text() == "How should the service contact you?"
    page.get_by_label("Phone number").fill("07700 900 982")
    page.get_by_label("Any time").check()
    journey.submit()
    page.get_by_label("What help would you like?").fill("Someone to talk to about feeling low.")
    journey.submit()
    journey.submit()  # no communication needs
    page.get_by_label("I agree to share these details").check()
    journey.submit()
    journey.submit("Send request")
    assert page.locator(".govuk-panel__title").inner_text() == "Request sent"
    referral = Referral.objects.get()
    assert (referral.service, referral.flags) == (no_wrong_door, ["outside_area"])
