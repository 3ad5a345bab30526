"""Factories for carers (factory-boy, like every factory in the tests); a fixture, `carer_factory`, returns it."""

from __future__ import annotations

import uuid
from typing import Any

from accounts import services
from accounts.models import User
from tests.accounts.support import PERSON, PROFILE
from tests.factories import UserFactory


class CarerFactory(UserFactory):
    """A verified user registered as a carer, caring for one adult (PERSON).

    Their profile is PROFILE with any of its fields given as keyword arguments replaced:
    `CarerFactory(email="chatham@example.com", postcode="ME4 4TR", district="medway")`.
    """

    email = "carer@example.com"

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        profile = {name: kwargs.pop(name) for name in PROFILE.keys() & kwargs.keys()}
        user = super()._create(model_class, *args, **kwargs)
        saved = services.carer_profile_save(user=user, details=PROFILE | profile)
        services.cared_for_person_add(profile=saved, details=PERSON, submission_token=uuid.uuid4())
        return user
