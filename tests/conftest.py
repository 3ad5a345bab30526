from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True, scope="session")
def _jinja2_templates_report_their_context() -> Iterator[None]:
    """Jinja2 templates (the search content) send the signal the test client collects `response.context` from, as
    Django's test set-up makes its own templates do (django.test.utils.setup_test_environment)."""
    from django.template.backends.jinja2 import Template
    from django.test.signals import template_rendered

    original = Template.render

    def render(self: Template, context: dict[str, Any] | None = None, request: Any = None) -> str:
        template_rendered.send(sender=self, template=self, context=context or {})
        return original(self, context, request)

    Template.render = render  # type: ignore[method-assign]
    yield
    Template.render = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _search_index_loads_in_the_test(settings: Any) -> None:
    """A test's data is in a transaction no other connection sees, so the search index loads in the test's own thread,
    not in the background (tests/services/test_search_index.py tests loading in the background, with committed data)."""
    settings.DIRECTORY_SEARCH_INDEX_IN_BACKGROUND = False


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
