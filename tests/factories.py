"""Factories for people's accounts (factory-boy, like every factory in the tests).

Each factory is also a fixture of the same name in snake case (`user_factory`, `staff_user_factory`,
in tests/conftest.py), so a test can ask for it by name or import it. Call one with keyword arguments
to override any field: `UserFactory(email="someone@example.com", staff_role="commissioner")`.
"""

from __future__ import annotations

from typing import Any

import factory

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    """A signed-up person with a verified primary email address (made through `create_user`)."""

    class Meta:
        model = User

    email = "person@example.com"
    password = "a-long-test-password"

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        from allauth.account.models import EmailAddress

        user = model_class.objects.create_user(*args, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user


class StaffUserFactory(UserFactory):
    """A staff member with two-step verification (a TOTP authenticator) set up, as the admin requires."""

    email = "staff@example.com"
    is_staff = True
    staff_role = "provider"

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        user = super()._create(model_class, *args, **kwargs)
        TOTP.activate(user, generate_totp_secret())
        return user
