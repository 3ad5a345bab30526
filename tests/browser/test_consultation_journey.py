"""A resident responds to a consultation in Chromium, from the list to the confirmation, checked by axe."""

from __future__ import annotations

import pytest

from consultations.models import Response
from tests.browser.support import Journey
from tests.consultations.support import build_consultation


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_responds_online_from_the_list_to_the_confirmation(journey: Journey) -> None:
    consultation = build_consultation()
    page = journey.visit("/consultations/")
    page.get_by_role("link", name="Day services for older people").click()
    journey.check()
    page.get_by_role("button", name="Respond online").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "About your response"

    # Continuing without the required answer shows the GOV.UK error summary.
    journey.submit("Continue")
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("As a Kent resident").check()
    page.get_by_label("What is your postcode? (optional)").fill("ME14 1XX")
    journey.submit("Continue")

    assert page.get_by_role("heading", level=1).inner_text() == "Your views"
    # "Which do you use?" depends on "Yes" on this page: with JavaScript it shows only while it applies.
    uses = page.get_by_role("group", name="Do you use a day service?")
    assert page.get_by_label("Lunch club").is_hidden()
    uses.get_by_label("No").check()
    assert page.get_by_label("Lunch club").is_hidden()
    uses.get_by_label("Yes").check()
    assert page.get_by_label("Lunch club").is_visible()
    journey.check()
    page.get_by_label("Lunch club").check()
    page.get_by_label("Tend to disagree").check()
    page.get_by_label("Why do you say that? (optional)").fill("The lunch club is where I see friends.")
    journey.submit("Continue")

    assert page.get_by_role("heading", level=1).inner_text() == "About you"
    page.get_by_role("group", name="What is your age? (optional)").get_by_label("75–84").check()  # noqa: RUF001
    journey.submit("Continue")

    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before you submit them"
    assert "Lunch club" in page.content()
    journey.submit("Submit your response")

    assert page.get_by_role("heading", level=1).inner_text() == "Response received"
    response = Response.objects.get(consultation=consultation)
    assert response.status == Response.Status.SUBMITTED
    assert response.reference in page.locator(".govuk-panel").inner_text()
    assert len(journey.checked) == 9


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_published_results_and_subscribing_pass_axe(journey: Journey) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from consultations.models import Consultation, Outreach, PublishedTable
    from consultations.synthetic import responses_generate

    consultation = build_consultation("finished", opens_in_days=-60, closes_in_days=-5)
    responses_generate(consultation=consultation, count=30)
    # "How we consulted" and a published table (with an empty cell, as the reports' theme tables have).
    Outreach.objects.create(
        consultation=consultation,
        kind=Outreach.Kind.MEETINGS,
        text="A drop-in session.",
        held_on=date(2025, 1, 6),
        attendance=12,
        source="Test report, section 1",
    )
    Outreach.objects.create(
        consultation=consultation,
        kind=Outreach.Kind.PROMOTION,
        text="Posters in libraries.",
        source="Test report",
    )
    PublishedTable.objects.create(
        consultation=consultation,
        title="Comments by theme",
        header=["Description of comment", "Count", "Theme"],
        rows=[["Breaks matter", "8", "9"], ["Help in a crisis", "1", ""]],
        source="Test report, page 2",
    )
    Consultation.objects.filter(pk=consultation.pk).update(
        results_published_at=timezone.now() - timedelta(days=1), we_asked="A", you_said="B", we_did="C"
    )
    page = journey.visit("/consultations/finished/")
    page.get_by_role("link", name="Read the results").click()
    journey.check()
    assert "30 responses" in page.content()
    assert page.get_by_role("heading", name="How we consulted").is_visible()
    assert page.get_by_role("heading", name="Comments by theme").is_visible()
    assert page.locator("svg.kcc-chart").count() >= 3
    page.get_by_text("By respondent type").first.click()
    journey.check()

    page = journey.visit("/consultations/subscribe/")
    journey.submit("Subscribe")
    assert page.locator(".govuk-error-summary").is_visible()
    page.get_by_label("Email address").fill("me@example.com")
    page.get_by_label("Carers").check()
    journey.submit("Subscribe")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_anonymous_resident_saves_and_comes_back_through_the_emailed_link(journey: Journey) -> None:
    import re

    from carers_portal.core.models import OutboundEmail

    build_consultation()
    page = journey.visit("/consultations/day-services/respond/page-1/")
    page.get_by_label("As a person who uses the services (or on behalf of someone who does)").check()
    journey.submit("Save and come back later")
    assert page.get_by_role("heading", level=1).inner_text() == "Save your answers and come back later"
    page.get_by_label("Email address").fill("later@example.com")
    journey.submit("Send me a link")
    assert page.get_by_role("heading", level=1).inner_text() == "Check your email"

    email = OutboundEmail.objects.get(category="consultation-resume", to="later@example.com")
    link = re.search(r"http://\S+(/consultations/\S+/)", email.body_text)
    assert link is not None
    journey.page.context.clear_cookies()  # as if on another device
    page = journey.visit(link.group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before you submit them"
    assert "As a person who uses the services" in page.content()
