"""A provider's staff member keys in a carer's paper self-assessment: from the carer's request without an account,
through the GOV.UK error summary, to the stored form; and the same with JavaScript off."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page

from accounts.models import KeyedInSelfAssessment
from accounts.open_requests import CarerRequest, carers_assessment_request_open
from services.models import Organisation, Postcode, Service
from services.referrals.models import StaffMembership
from tests.accounts.support import KEY_IN_URL, key_in_data
from tests.browser.support import Journey


def _fill(page: Page, data: dict[str, Any]) -> None:
    """Type the paper form's answers in, field by field, as staff would."""
    for name, value in data.items():
        if name in ("request-submission_token", "request-reference"):
            continue
        for one in value if isinstance(value, list) else [value]:
            field = page.locator(f'[name="{name}"]')
            kind = field.first.get_attribute("type")
            if kind == "checkbox" and one == "on":
                field.check()  # a single box, like the consent
            elif kind in ("radio", "checkbox"):
                page.locator(f'[name="{name}"][value="{one}"]').check()
            else:
                field.fill(one)


def _session_cookie(base_url: str, user: Any, staff_login: Any) -> list[Any]:
    """The session of `user` signed in with password and authenticator (as the staff pages require)."""
    client = staff_login(Client(), user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_provider_staff_key_in_a_paper_self_assessment(
    journey: Journey, browser: Browser, staff_user_factory: Any, staff_login: Any
) -> None:
    Postcode.objects.create(
        postcode="ME14 1XX", kind=Postcode.Kind.FULL, latitude=51.28, longitude=0.53, district="maidstone"
    )
    involve = Organisation.objects.create(name="Involve Kent", slug="involve-kent")
    Service.objects.create(
        organisation=involve,
        name="Community Navigation for Carers (West Kent)",
        slug="community-navigation-west",
        districts=["maidstone"],
        provides_carers_assessments=True,
        accepts_self_referral=True,
    )
    request = carers_assessment_request_open(
        request=CarerRequest(
            name="Pat Carer",
            postcode="ME14 1XX",
            best_time="any",
            relationship="parent",
            hours_band="35-49",
            carrying_on="with-support",
            consent=True,
            phone="07700 900 982",
        ),
        submission_token=str(uuid.uuid4()),
    )
    staff = staff_user_factory(email="triage@involve.example.org")
    StaffMembership.objects.create(user=staff, organisation=involve)
    journey.page.context.add_cookies(_session_cookie(journey.base_url, staff, staff_login))

    # From the request's "Key in" link (axe-checked like every page), first saved with nothing typed in.
    page = journey.visit(f"{KEY_IN_URL}?reference={request.reference}")
    assert page.get_by_label("Request reference (optional)").input_value() == request.reference
    journey.submit("Save the self-assessment")
    summary = page.locator(".govuk-error-summary")
    assert "Confirm the carer ticked the box to share their answers" in summary.inner_text()
    assert page.title().startswith("Error: ")
    summary.get_by_role("link", name="Select what you help with").click()
    assert page.evaluate("document.activeElement.id") == "id_caring-tasks_1"

    _fill(page, key_in_data(token="unused", reference=request.reference))
    page.get_by_role("button", name="Save the self-assessment").click()
    page.wait_for_url("**/change/")
    page.wait_for_load_state("load")
    assert f"Paper self-assessment keyed in for {request.reference}." in page.content()
    record = KeyedInSelfAssessment.objects.get()
    assert (record.referral_id, record.keyed_by, record.channel) == (request.pk, staff, "paper")

    # With JavaScript off, the page works the same: a new request from the postcode this time.
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    context.add_cookies(_session_cookie(journey.base_url, staff, staff_login))
    no_script = context.new_page()
    no_script.goto(journey.base_url + KEY_IN_URL)
    data = key_in_data(token="unused")
    data["what-matters-what_matters"] = "Time with my grandchildren."
    _fill(no_script, data)
    no_script.get_by_role("button", name="Save the self-assessment").click()
    no_script.wait_for_url("**/change/")
    no_script.wait_for_load_state("load")
    assert "Paper self-assessment keyed in for KCP-R-" in no_script.content()
    assert KeyedInSelfAssessment.objects.count() == 2
    assert KeyedInSelfAssessment.objects.exclude(referral=request).get().referral.organisation == involve
    context.close()
