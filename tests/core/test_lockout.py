"""Sign-in lockout in PostgreSQL (django-axes), and sign-in, sign-up and reset while Redis is really down."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import override_settings

from accounts.models import User
from carers_portal.core.models import OutboundEmail
from tests.support import redis_server

RIGHT = "the-right-password-42"


@pytest.fixture
def redis_down(settings: Any) -> Iterator[None]:
    """The portal's cache pointed at a real Redis that has been stopped."""
    with redis_server() as redis:
        caches = {"default": {**settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        redis.stop()
        with override_settings(CACHES=caches):
            yield


def _sign_in(client: Any, password: str, address: str = "198.51.100.7") -> Any:
    return client.post("/account/login/", {"login": "Carer@Example.com", "password": password}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_email_out_from_that_address(client: Any, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=RIGHT)
    statuses = []
    for _ in range(5):
        statuses.append(_sign_in(client, "wrong-password").status_code)
        cache.clear()  # as another web process, or Redis after a restart, would see it: the lockout is in PostgreSQL

    response = _sign_in(client, RIGHT)

    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks
    assert response.status_code == 429
    assert "You cannot sign in for 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "carer@example.com"
    assert attempt.failures_since_start >= 5
    # Someone else's failures cannot lock a person out everywhere: another address still signs in.
    assert _sign_in(client, RIGHT, address="203.0.113.20").status_code == 302


@pytest.mark.django_db
def test_wrong_passwords_from_elsewhere_cannot_lock_the_owner_out(client: Any, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=RIGHT)
    attacker = type(client)()
    for n in range(8):  # spread over addresses, as a botnet would; no cache cleared in between
        _sign_in(attacker, "wrong-password", address=f"198.51.100.{n + 10}")

    response = _sign_in(client, RIGHT, address="203.0.113.20")

    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.session["_auth_user_id"]


@pytest.mark.django_db
def test_a_successful_sign_in_resets_the_count(client: Any, user_factory: Any) -> None:
    user_factory(email="carer@example.com", password=RIGHT)
    for _ in range(4):
        _sign_in(client, "wrong-password")

    assert _sign_in(client, RIGHT).status_code == 302
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_the_lockout_holds_while_redis_is_down(client: Any, user_factory: Any, redis_down: None) -> None:
    user_factory(email="carer@example.com", password=RIGHT)
    statuses = []
    for _ in range(5):
        statuses.append(_sign_in(client, "wrong-password").status_code)
        cache.clear()  # the local fallback's own count goes too: only PostgreSQL remembers

    response = _sign_in(client, RIGHT)

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert AccessAttempt.objects.filter(username="carer@example.com").exists()


@pytest.mark.django_db
def test_sign_in_sign_up_and_password_reset_work_while_redis_is_down(
    client: Any, user_factory: Any, redis_down: None
) -> None:
    user_factory(email="carer@example.com", password=RIGHT)

    assert _sign_in(client, RIGHT).status_code == 302
    client.logout()
    signup = client.post(
        "/account/signup/",
        {"email": "new.carer@example.com", "password1": "a-long-secret-phrase", "password2": "a-long-secret-phrase"},
    )
    reset = client.post("/account/password/reset/", {"email": "carer@example.com"})

    assert signup.status_code == 302
    assert User.objects.filter(email="new.carer@example.com").exists()
    assert reset.status_code == 302
    assert OutboundEmail.objects.filter(to="new.carer@example.com").count() == 1
    assert OutboundEmail.objects.filter(to="carer@example.com", category__contains="password_reset").count() == 1


@pytest.mark.django_db
def test_sign_up_limits_fail_open_while_redis_is_down_and_come_back_with_it(client: Any) -> None:
    """allauth keeps its limits' history in the cache: without Redis they let people through (no 429 storm)."""

    def sign_up(n: int) -> int:
        fields = {
            "email": f"p{n}@example.com",
            "password1": "a-long-secret-phrase",
            "password2": "a-long-secret-phrase",
        }
        return int(client.post("/account/signup/", fields, REMOTE_ADDR="198.51.100.8").status_code)

    with redis_server() as redis:
        caches = {"default": {**django_settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        with override_settings(CACHES=caches):
            redis.stop()
            while_down = [sign_up(n) for n in range(12)]
    with_redis = [sign_up(n) for n in range(100, 112)]

    assert while_down == [302] * 12
    assert with_redis[:10] == [302] * 10
    assert with_redis[10:] == [429, 429]  # 10 an hour per address, in Redis
