"""allauth's pages use GOV.UK wording (carers_portal/locale/en_GB) and GOV.UK error messages."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

PASSWORD = "a-long-test-password"
# allauth's own Title Case and jargon: none of these may reach a page.
TITLE_CASE = [
    "Sign Up",
    "Signup",
    "Sign In",
    "Sign Out",
    "Password Reset",
    "Reset My Password",
    "Password (again)",
    "Remember Me",
    "Forgot Password?",
    "Change Password",
    "Current Password",
    "New Password",
    "Email Addresses",
    "Make Primary",
    "Re-send Verification",
    "Add Email",
    "Two-Factor Authentication",
    "two-factor authentication",
    "Authenticator App",
    "Recovery Codes",
    "Confirm Access",
    "reauthenticate",
    "Verify Your Email Address",
]


def page_text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    # Whitespace around tags and between words is collapsed, so `>Sign in<` finds a button or heading.
    text = re.sub(r"\s*([<>])\s*", r"\1", response.content.decode())
    return html.unescape(re.sub(r"\s+", " ", text))


def assert_no_title_case(text: str) -> None:
    # URLs and form actions contain "reauthenticate"; only look at what people read.
    readable = text.replace("/reauthenticate/", "/").replace("account_reauthenticate", "")
    found = [words for words in TITLE_CASE if words in readable]
    assert not found, found


def sign_in(client: Client, email: str) -> Any:
    return client.post("/account/login/", {"login": email, "password": PASSWORD})


@pytest.mark.django_db
def test_sign_up_page_says_create_an_account_with_gov_uk_errors(client: Client) -> None:
    text = page_text(client.get("/account/signup/"))
    assert '<h1 class="govuk-heading-l">Create an account</h1>' in text
    assert ">Create an account</button>" in text
    assert "Confirm password" in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/signup/", {"email": "", "password1": "", "password2": ""}))
    assert "govuk-error-summary" in text
    assert "There is a problem" in text
    assert "Enter your email address" in text
    assert "Enter a password" in text
    assert "This field is required." not in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/signup/", {"email": "not-an-email", "password1": "x", "password2": "x"}))
    assert "Enter an email address in the correct format, like name@example.com" in text
    assert "Enter a valid email address." not in text


@pytest.mark.django_db
def test_sign_in_page_says_sign_in_with_gov_uk_errors(client: Client, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=PASSWORD)
    text = page_text(client.get("/account/login/"))
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in text
    assert ">Sign in</button>" in text
    assert "Email address" in text
    assert "Forgotten your password?" in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/login/", {"login": "", "password": ""}))
    assert "There is a problem" in text
    assert "Enter your email address" in text
    assert "Enter your password" in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/login/", {"login": "carer@example.com", "password": "wrong-password"}))
    assert "Enter a correct email address and password" in text
    assert "and/or" not in text


@pytest.mark.django_db
def test_password_reset_pages_say_reset_your_password(client: Client) -> None:
    text = page_text(client.get("/account/password/reset/"))
    assert '<h1 class="govuk-heading-l">Reset your password</h1>' in text
    assert ">Reset your password</button>" in text
    assert "We will email you a link to reset your password." in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/password/reset/", {"email": ""}))
    assert "There is a problem" in text
    assert "Enter your email address" in text

    text = page_text(client.get("/account/password/reset/done/"))
    assert "We have sent you an email." in text
    assert "please check your spam folder" not in text
    assert_no_title_case(text)


@pytest.mark.django_db
def test_sign_out_page_says_sign_out(client: Client, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=PASSWORD)
    sign_in(client, "carer@example.com")
    text = page_text(client.get("/account/logout/"))
    assert '<h1 class="govuk-heading-l">Sign out</h1>' in text
    assert ">Sign out</button>" in text
    assert_no_title_case(text)


@pytest.mark.django_db
def test_email_address_pages_use_plain_english(client: Client, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=PASSWORD)
    sign_in(client, "carer@example.com")
    text = page_text(client.get("/account/email/"))
    assert '<h1 class="govuk-heading-l">Your email addresses</h1>' in text
    assert "Make this your main email address" in text
    assert "Main email address" in text
    assert "Add an email address" in text
    assert_no_title_case(text)
    assert "Primary" not in text

    text = page_text(client.post("/account/email/", {"action_add": "", "email": "bad"}))
    assert "Enter an email address in the correct format, like name@example.com" in text


@pytest.mark.django_db
def test_change_password_page_uses_sentence_case(client: Client, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=PASSWORD)
    sign_in(client, "carer@example.com")
    text = page_text(client.get("/account/password/change/"))
    assert '<h1 class="govuk-heading-l">Change your password</h1>' in text
    assert "Current password" in text
    assert "Confirm new password" in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/password/change/", {"oldpassword": "", "password1": "", "password2": ""}))
    assert "Enter your current password" in text
    assert "Enter a new password" in text


@pytest.mark.django_db
def test_reauthenticate_page_asks_to_confirm_its_you(client: Client, user_factory: Any) -> None:
    user = user_factory(email="carer@example.com", password=PASSWORD)
    client.force_login(user)  # no recent sign-in recorded, as after a while
    text = page_text(client.get("/account/reauthenticate/"))
    assert '<h1 class="govuk-heading-l">Confirm it\'s you</h1>' in text
    assert "To keep your account safe, confirm it's you before you continue." in text
    assert_no_title_case(text)

    text = page_text(client.post("/account/reauthenticate/", {"password": ""}))
    assert "There is a problem" in text
    assert "Enter your password" in text


@pytest.mark.django_db
def test_two_step_verification_pages_use_plain_english(client: Client, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=PASSWORD)
    sign_in(client, "carer@example.com")
    text = page_text(client.get("/account/2fa/"))
    assert '<h1 class="govuk-heading-l">Two-step verification</h1>' in text
    assert "Two-step verification with an authenticator app is turned off." in text
    assert ">Turn on<" in text
    assert "Activate" not in text
    assert_no_title_case(text)

    response = client.get("/account/2fa/totp/activate/")
    if response.status_code == 302:  # allauth may ask for the password again first
        assert response["Location"].startswith("/account/reauthenticate/")
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/account/2fa/totp/activate/")
    text = page_text(response)
    assert "Set up an authenticator app" in text
    assert "Code from your authenticator app" in text
    assert "scan the QR code with your authenticator app" in text
    assert_no_title_case(text)


@pytest.mark.django_db
def test_two_step_sign_in_and_recovery_codes_use_plain_english(client: Client, user_factory: Any) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = user_factory(email="carer@example.com", password=PASSWORD)
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    response = sign_in(client, "carer@example.com")
    assert response["Location"] == "/account/2fa/authenticate/"
    text = page_text(client.get("/account/2fa/authenticate/"))
    assert "Your account uses two-step verification. Enter the code from your authenticator app." in text
    assert_no_title_case(text)

    client.force_login(user)
    text = page_text(client.get("/account/2fa/"))
    assert "Two-step verification with an authenticator app is turned on." in text
    assert "Recovery codes" in text
    assert ">Turn off<" in text
    assert_no_title_case(text)


def test_every_override_still_matches_an_allauth_or_django_msgid() -> None:
    """After an upgrade, a changed msgid would silently bring the old wording back: catch it here."""
    from pathlib import Path

    import allauth
    import django.contrib.auth
    import polib
    from django.conf import settings

    ours = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "en_GB" / "LC_MESSAGES" / "django.po"))
    theirs = [
        Path(allauth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po",
        Path(django.contrib.auth.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po",
    ]
    known_ids = {entry.msgid for path in theirs for entry in polib.pofile(str(path))}
    assert len(ours) > 100
    assert [entry.msgid for entry in ours if entry.msgid not in known_ids] == []
    assert [entry.msgid for entry in ours if not (entry.msgstr or entry.msgstr_plural)] == []
