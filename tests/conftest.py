from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits and cached lookups live in the real Redis; start each test clean."""
    cache.clear()


@pytest.fixture
def user_factory(db: Any) -> Any:
    from allauth.account.models import EmailAddress

    from accounts.models import User

    def make(email: str = "person@example.com", password: str = "a-long-test-password", **extra: Any) -> User:
        user = User.objects.create_user(email=email, password=password, **extra)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def staff_user_factory(user_factory: Any) -> Any:
    """Staff accounts with two-step verification (a TOTP authenticator) set up, as the admin requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def make(email: str = "staff@example.com", *, staff_role: str = "provider", **extra: Any) -> Any:
        extra.setdefault("is_staff", True)
        user = user_factory(email=email, staff_role=staff_role, **extra)
        TOTP.activate(user, generate_totp_secret())
        return user

    return make


@pytest.fixture
def staff_login() -> Any:
    """Sign a staff member in to a test client as if they had used their password and authenticator app."""
    from allauth.account.internal.flows.login import record_authentication
    from django.test import RequestFactory

    def login(client: Any, user: Any) -> Any:
        client.force_login(user)
        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "password", email=user.email)
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()
        return client

    return login
