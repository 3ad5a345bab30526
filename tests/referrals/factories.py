"""Factories for referrals and the provider staff who triage them (factory-boy, like every factory in the tests).

The referral tests reach them as fixtures (`organisation_factory`, `service_factory`, `referral_factory`,
`provider_staff`, in tests/referrals/conftest.py).
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

import factory

from services.referrals.models import Referral, StaffMembership
from services.referrals.services.submit import ReferralDetails, referral_submit
from tests.factories import StaffUserFactory
from tests.services.factories import OrganisationFactory, ServiceFactory

# What a resident types into the referral form (any field can be replaced: ReferralFactory(phone="...")).
DETAILS = ReferralDetails(
    name="Alex Resident",
    help_wanted="I would like help with money worries and meeting people.",
    consent=True,
    phone="07700 900 982",
    email="alex@example.com",
    postcode="DA1 1DX",
    best_time_to_contact="morning",
    age_band="35_44",
)


class SelfReferralServiceFactory(ServiceFactory):
    """A service people can refer themselves to, for every district unless `districts` says otherwise."""

    description = ""
    districts = factory.LazyFunction(list)
    accepts_self_referral = True


class ReferralFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    """A referral stored through the real `referral_submit`, with DETAILS and any of its fields replaced."""

    class Meta:
        model = Referral

    service = factory.SubFactory(SelfReferralServiceFactory)
    user = None

    @classmethod
    def _create(cls, model_class: type[Referral], service: Any, user: Any = None, **details: Any) -> Referral:
        return referral_submit(
            service=service,
            details=replace(DETAILS, **details),
            user=user,
            submission_token=secrets.token_urlsafe(16),
        )


class StaffMembershipFactory(factory.django.DjangoModelFactory):  # type: ignore[misc]
    """A provider's staff member (a triage worker unless `role` says otherwise) and the organisation they work for."""

    class Meta:
        model = StaffMembership

    user = factory.SubFactory(
        StaffUserFactory, email=factory.Sequence(lambda n: f"staff{n}@provider.example.org"), staff_role="provider"
    )
    organisation = factory.SubFactory(OrganisationFactory)
    role = StaffMembership.Role.TRIAGE


__all__ = ["DETAILS", "OrganisationFactory", "ReferralFactory", "SelfReferralServiceFactory", "StaffMembershipFactory"]
