"""Accessibility: axe-core (WCAG 2.2 A/AA) on every public page and state we can reach, and a keyboard-only journey.

The results are published in the accessibility statement (templates/core/pages/accessibility.html).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from carers_portal.core.models import OutboundEmail
from tests.browser.support import Journey

PUBLIC_PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
]
# Feature pages, checked once they exist on this branch (by URL name, so no guessing at paths).
FEATURE_PAGES = ["services:search", "consultations:list", "consultations:index"]


def _feature_pages() -> list[str]:
    found = []
    for name in FEATURE_PAGES:
        try:
            found.append(reverse(name))
        except NoReverseMatch:
            continue
    return found


def _press_tab_until(page: Any, predicate: str, limit: int = 60) -> None:
    """Press Tab (only Tab) until the focused element matches; fail if it is never reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate):
            return
    raise AssertionError(f"never reached by keyboard: {predicate}")


def _focus_is_visible(page: Any) -> bool:
    """GOV.UK focus style: a yellow outline or box-shadow (or background) on the focused element."""
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor]; })()"
    )
    outline_style, outline_width, box_shadow, background = style
    return (outline_style != "none" and outline_width != "0px") or box_shadow != "none" or "255, 221, 0" in background


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_public_page_has_no_wcag_violations(journey: Journey) -> None:
    pages = PUBLIC_PAGES + _feature_pages()
    for path in pages:
        journey.visit(path)
    journey.visit("/no-such-page/", status=404)

    assert len(journey.checked) == len(pages) + 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_keyboard_only_person_creates_an_account(journey: Journey) -> None:
    page = journey.visit("/")

    # Tab from the top of the home page to the "Create an account" link, and press Enter.
    _press_tab_until(page, "document.activeElement.getAttribute('href') === '/account/signup/'")
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/signup/")
    journey.check()

    # First, sending the empty form: the errors are announced at the top of the page.
    _press_tab_until(page, "document.activeElement.type === 'submit' && !!document.activeElement.closest('main')")
    page.keyboard.press("Enter")
    page.wait_for_selector(".govuk-error-summary")
    journey.check()

    # Then each answer, moving between fields with Tab alone.
    _press_tab_until(page, "document.activeElement.name === 'email'")
    assert _focus_is_visible(page)
    page.keyboard.type("keyboard.person@example.com")
    _press_tab_until(page, "document.activeElement.name === 'password1'", limit=5)
    page.keyboard.type("a-keyboard-only-passphrase")
    _press_tab_until(page, "document.activeElement.name === 'password2'", limit=5)
    page.keyboard.type("a-keyboard-only-passphrase")
    _press_tab_until(page, "document.activeElement.type === 'submit' && !!document.activeElement.closest('main')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/confirm-email/")
    journey.check()

    assert User.objects.filter(email="keyboard.person@example.com").count() == 1
    assert OutboundEmail.objects.filter(to="keyboard.person@example.com").count() == 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_sign_in_lockout_page_has_no_wcag_violations(journey: Journey, user_factory: Any) -> None:
    from axes.models import AccessAttempt

    user_factory(email="locked@example.com", password="the-right-password-42")
    AccessAttempt.objects.create(
        username="locked@example.com",
        ip_address="127.0.0.1",
        user_agent="",
        http_accept="",
        path_info="/account/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )
    page = journey.visit("/account/login/")
    page.get_by_label("Email").fill("locked@example.com")
    page.get_by_label("Password").fill("the-right-password-42")
    # The browser logs the page's own 429 status as a console error: wait for that, then expect nothing else.
    with (
        page.expect_console_message(lambda message: "status of 429" in message.text),
        page.expect_response("**/account/login/") as answer,
    ):
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")
    assert answer.value.status == 429
    journey.console_errors = [e for e in journey.console_errors if "status of 429" not in e]
    journey.check()
    assert "You cannot sign in for 15 minutes" in page.content()
