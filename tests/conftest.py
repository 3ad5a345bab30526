from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import StaffUserFactory, UserFactory
from tests.support import seeded_once_per_module, transactional

# Django's MD5 hasher: fast and fine for throwaway test passwords, never for real ones.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> Iterator[None]:
    """Hash test passwords with MD5 instead of PBKDF2's million rounds (most of a sign-in's time).

    Tests about hashing itself set their own `settings.PASSWORD_HASHERS` (for example the sign-up
    test that counts PBKDF2 hashes), and the reliability suite overrides this fixture to keep the
    real hasher, because the gunicorn it starts checks passwords this process stored.
    """
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        yield


@pytest.fixture(scope="module")
def _demo_directory_for_the_module(request: Any, django_db_setup: Any, django_db_blocker: Any) -> Iterator[bool]:
    from services.demo import demo_seed

    with seeded_once_per_module(request, django_db_blocker, "demo_directory", demo_seed) as seeded:
        yield seeded


@pytest.fixture
def demo_directory(_demo_directory_for_the_module: bool, request: Any, db: Any) -> None:
    """The demo directory (real providers and services from the domain brief, and the outward-code
    centroids). Seeded once for a module whose tests all use it (`pytestmark`), else for each test;
    each test's own changes roll back. Tests that commit use `demo_directory_committed` instead."""
    assert not transactional(request), "a test that commits needs demo_directory_committed"
    if not _demo_directory_for_the_module:
        from services.demo import demo_seed

        demo_seed()


@pytest.fixture
def demo_directory_committed(transactional_db: Any) -> None:
    """The demo directory seeded and committed for one test (live server, Celery worker, browser);
    the transactional test's flush empties the tables afterwards."""
    from services.demo import demo_seed

    demo_seed()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits and cached lookups live in the real Redis; start each test clean."""
    cache.clear()


@pytest.fixture
def user_factory(db: Any) -> type[UserFactory]:
    """tests/factories.py's UserFactory: a verified person, `user_factory(email="carer@example.com")`."""
    return UserFactory


@pytest.fixture
def staff_user_factory(db: Any) -> type[StaffUserFactory]:
    """tests/factories.py's StaffUserFactory, with an authenticator: `staff_user_factory(email="a@example.org")`."""
    return StaffUserFactory


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


@pytest.fixture
def commissioner_client(staff_user_factory: Any, staff_login: Any) -> Any:
    """A test client signed in (password and authenticator) as commissioner@example.org, a commissioner."""
    from django.test import Client

    user = staff_user_factory(email="commissioner@example.org", staff_role="commissioner")
    return staff_login(Client(), user)
