from __future__ import annotations

import re
from typing import Any

import pytest
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
