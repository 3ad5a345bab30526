from __future__ import annotations

import pytest

from tests.browser.support import Journey


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_reads_the_site_pages_and_starts_to_register(journey: Journey) -> None:
    page = journey.visit("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kent Carers and Wellbeing Portal"

    # The skip link is the first thing a keyboard user reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"

    for path in ["/accessibility/", "/privacy/", "/cookies/", "/contact/"]:
        journey.visit(path)
    journey.visit("/no-such-page/", status=404)

    page = journey.visit("/account/signup/")
    page.get_by_label("Email").fill("not-an-email")
    journey.submit("Create an account")
    assert page.locator(".govuk-error-summary").is_visible()
    assert len(journey.checked) == 8
