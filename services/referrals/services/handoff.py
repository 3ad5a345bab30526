"""Writes for a staff hand-off: referring a person on from one service to another ("tell my story once").

The new referral goes through `referral_submit` like any other (checked against who the service is for, emailed
to its provider and, with the person's receipt, to them), belongs to the person's account when the first one
did, and carries the carer's story only if their consent to share it still stands at the hand-off.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from accounts import policy
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.models import Service
from services.referrals import selectors
from services.referrals.models import Referral
from services.referrals.services.submit import (
    ReferralDetails,
    ReferralInvalid,
    referral_details_again,
    referral_submit,
)
from services.selectors.service_lookups import services_taking_requests


def hand_off_services(*, referral: Referral) -> QuerySet[Service]:
    """The services a referral may be handed on to: open ones taking referrals through the portal, not its own."""
    return services_taking_requests().exclude(pk=referral.service_id).order_by("name", "pk")


def _details(referral: Referral, *, help_wanted: str, person_agreed: bool, outside_confirmed: bool) -> ReferralDetails:
    """The first referral's answers, with the help wanted from the new service (staff write it for the hand-off)."""
    return referral_details_again(
        referral,
        help_wanted=help_wanted,
        consent=person_agreed,
        heard_about=Referral.HeardAbout.OTHER_ORGANISATION,
        risk_reported=referral.risk_reported,
        cannot_carry_on=Referral.Flag.CANNOT_CARRY_ON in referral.flags,
        caring_50_hours=Referral.Flag.CARING_50_HOURS in referral.flags,
        call_back=Referral.Flag.CALL_BACK in referral.flags,
        outside_confirmed=outside_confirmed,
    )


def referral_hand_off(
    *,
    referral: Referral,
    to_service: Service,
    actor: Any,
    help_wanted: str,
    person_agreed: bool,
    outside_confirmed: bool = False,
) -> Referral:
    """Refer the person on to `to_service`, linked to `referral`; returns the new referral.

    Only staff the policy lets hand off this referral (their own organisation's) may. Handing the same referral
    to the same service again returns the referral already made. Raises ReferralInvalid (ReferralOutsideService
    when the person is outside what the service covers and `outside_confirmed` is not set) with the reason.
    """
    if not policy.user_can_hand_off(actor, referral) or not selectors.referral_visible_to(
        user=actor, referral=referral
    ):
        raise PermissionDenied("You cannot refer this person on")
    if referral.anonymised_at:
        raise ReferralInvalid("This referral's personal details have been removed, so it cannot be handed on")
    if not hand_off_services(referral=referral).filter(pk=to_service.pk).exists():
        raise ReferralInvalid("Select a service that takes referrals through the portal")
    token = f"handoff:{referral.pk}:{to_service.pk}"
    existing = selectors.referral_by_submission_token(submission_token=token)
    if existing is not None:
        return existing
    with transaction.atomic():
        new = referral_submit(
            service=to_service,
            details=_details(
                referral, help_wanted=help_wanted, person_agreed=person_agreed, outside_confirmed=outside_confirmed
            ),
            user=referral.submitted_by,
            submission_token=token,
            handed_off_from=referral,
            actor=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=referral,
            summary=(
                f"Handed off to {to_service.name} as {new.reference}"
                + (" with the carer's story" if new.shared_story else "")
            )[:500],
        )
    return new
