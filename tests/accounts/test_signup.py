from __future__ import annotations

import re
from typing import Any, ClassVar

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail

from accounts.models import User
from carers_portal.core.models import OutboundEmail
from carers_portal.core.services import outbox_flush


@pytest.mark.django_db
def test_sign_up_sends_a_verification_email_through_the_outbox(client: Any) -> None:
    response = client.post(
        "/account/signup/",
        {"email": "New.Carer@Example.com", "password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"},
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.carer@example.com"
    queued = OutboundEmail.objects.get(to__iexact="new.carer@example.com")
    assert queued.category == "account:email_confirmation_signup"
    assert outbox_flush() == 1
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/account/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body


@pytest.mark.django_db
def test_sign_in_is_refused_until_the_email_is_verified(client: Any) -> None:
    User.objects.create_user(email="unverified@example.com", password="a-long-secret-phrase")

    response = client.post("/account/login/", {"login": "unverified@example.com", "password": "a-long-secret-phrase"})

    assert response.status_code == 302
    assert response["Location"] == "/account/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_errors_use_the_gov_uk_error_summary(client: Any) -> None:
    response = client.post("/account/signup/", {"email": "not-an-email", "password1": "x", "password2": "y"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert "<title>Error:" in html


@pytest.mark.django_db
def test_the_admin_login_goes_through_allauth(client: Any) -> None:
    response = client.get("/staff/login/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")


@pytest.mark.django_db
def test_account_emails_are_in_plain_english_and_name_the_service(client: Any, user_factory: Any) -> None:
    client.post(
        "/account/signup/",
        {"email": "new@example.com", "password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"},
    )
    user_factory(email="known@example.com")
    client.post("/account/password/reset/", {"email": "known@example.com"})
    client.post("/account/password/reset/", {"email": "nobody@example.com"})
    outbox_flush()

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert bodies["new@example.com"].startswith("Confirm your email address")
    assert "/account/confirm-email/" in bodies["new@example.com"]
    assert bodies["known@example.com"].startswith("Reset your password")
    assert "/account/password/reset/key/" in bodies["known@example.com"]
    assert "There is no account with this email address" in bodies["nobody@example.com"]
    for body in bodies.values():
        assert "Hello from" not in body
        assert "testserver" not in body.split("http")[0]  # no request host standing in for the service's name
        assert body.rstrip().endswith("Kent Carers and Wellbeing Portal\nKent County Council")


@pytest.mark.django_db
def test_a_password_change_is_notified_by_email(client: Any, user_factory: Any) -> None:
    user = user_factory(email="carer@example.com", password="a-long-secret-phrase")
    client.force_login(user)
    response = client.post(
        "/account/password/change/",
        {"oldpassword": "a-long-secret-phrase", "password1": "another-long-phrase", "password2": "another-long-phrase"},
    )
    assert response.status_code == 302
    outbox_flush()
    [message] = mail.outbox
    assert "Your password has been changed" in message.body
    assert "If you did not make this change, reset your password straight away" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Password must be 10 characters or more"),
        ("12345678901234", "Password must include letters, not only numbers"),
        ("password1234", "Choose a password that is harder to guess"),
    ],
)
def test_password_rules_speak_plainly(client: Any, password: str, message: str) -> None:
    response = client.post(
        "/account/signup/", {"email": "new@example.com", "password1": password, "password2": password}
    )
    html = response.content.decode()
    assert message in html
    assert "This password is" not in html


class CountingHasher(PBKDF2PasswordHasher):
    """The real PBKDF2 hasher, counting how often it hashes."""

    hashed: ClassVar[list[str]] = []

    def encode(self, password: str, salt: str, iterations: int | None = None) -> str:
        self.hashed.append("x")
        return super().encode(password, salt, iterations)


@pytest.mark.django_db
def test_signing_up_with_an_existing_email_costs_a_password_hash_like_a_new_one(
    client: Any, user_factory: Any, settings: Any
) -> None:
    user_factory(email="known@example.com")
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    data = {"password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"}
    counts = []
    for email in ("new@example.com", "known@example.com"):
        CountingHasher.hashed.clear()
        response = client.post("/account/signup/", {"email": email, **data})
        assert response.status_code == 302
        counts.append(len(CountingHasher.hashed))
    assert counts == [1, 1]
    assert User.objects.filter(email="new@example.com").exists()


@pytest.mark.django_db
def test_the_already_exists_and_unknown_account_emails_name_the_address(client: Any, user_factory: Any) -> None:
    user_factory(email="known@example.com")
    data = {"password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"}
    client.post("/account/signup/", {"email": "known@example.com", **data})
    client.post("/account/password/reset/", {"email": "nobody@example.com"})

    exists = OutboundEmail.objects.get(to="known@example.com", category="account:account_already_exists")
    unknown = OutboundEmail.objects.get(to="nobody@example.com", category="account:unknown_account")
    assert "create an account on the Kent Carers and Wellbeing Portal with known@example.com." in exists.body_text
    assert "reset the password for nobody@example.com on the" in unknown.body_text
