"""The staff admin needs two-step verification, and idle staff sessions end."""

from __future__ import annotations

import time
from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt

pytestmark = pytest.mark.django_db


def test_staff_without_two_step_verification_are_sent_to_set_it_up(client: Any, user_factory: Any) -> None:
    staff = user_factory(email="new-staff@example.com", is_staff=True, staff_role="provider")
    client.force_login(staff)

    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/2fa/totp/activate/")


def test_staff_signed_in_with_a_password_alone_must_use_their_authenticator(
    client: Any, staff_user_factory: Any
) -> None:
    staff = staff_user_factory()
    client.force_login(staff)

    response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/reauthenticate/") or response["Location"].startswith(
        "/account/2fa/reauthenticate/"
    )


def test_staff_who_signed_in_with_two_steps_reach_the_admin(
    client: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    staff_login(client, staff_user_factory(staff_role="commissioner", is_superuser=True))

    assert client.get("/staff/").status_code == 200


def test_a_real_sign_in_with_password_and_authenticator_code_opens_the_admin(
    client: Any, staff_user_factory: Any
) -> None:
    staff = staff_user_factory(email="totp@example.com", staff_role="commissioner", is_superuser=True)
    secret = decrypt(Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP).data["secret"])

    response = client.post("/account/login/", {"login": staff.email, "password": "a-long-test-password"})
    assert response.status_code == 302
    assert response["Location"] == "/account/2fa/authenticate/"
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post("/account/2fa/authenticate/", {"code": code})
    assert response.status_code == 302

    assert client.get("/staff/").status_code == 200


def test_an_idle_staff_session_ends_after_thirty_minutes(
    client: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    staff_login(client, staff_user_factory(staff_role="commissioner", is_superuser=True))
    with time_machine.travel(time.time(), tick=True) as traveller:
        assert client.get("/staff/").status_code == 200
        traveller.shift(29 * 60)
        assert client.get("/staff/").status_code == 200
        traveller.shift(31 * 60)
        response = client.get("/staff/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    assert "_auth_user_id" not in client.session


def test_residents_are_not_affected(client: Any, user_factory: Any) -> None:
    client.force_login(user_factory())

    assert client.get("/account/").status_code == 200
