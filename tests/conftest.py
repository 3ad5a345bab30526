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
