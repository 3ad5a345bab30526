"""Requests that need no account: a carer's assessment request and "Ask someone to call me".

Both go through the referral journey's own `referral_submit` (one referral per submission token,
consent required, the provider's inbox told, a receipt with the status link), to the provider that
covers the postcode. No account is created.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import HoursBand, Relationship
from services.geography import postcode_normalise
from services.models import Service
from services.referrals.models import Referral
from services.referrals.services.submit import ReferralDetails, ReferralInvalid, referral_submit
from services.selectors.postcodes import postcode_lookup
from services.selectors.service_lookups import carers_assessment_service_for_district

ADULT_SOCIAL_CARE = "03000 41 61 61"  # domain brief, "Referrals and safety"
MEDWAY_MESSAGE = "Medway Council does carers' assessments for people who live in Medway. Contact them."
NO_PROVIDER_MESSAGE = (
    f"We cannot find a carers' organisation for this postcode. Phone Kent adult social care on {ADULT_SOCIAL_CARE}."
)

# Question ids of the short request. They are the keys of the answers the provider receives, so any other
# version of these questions (easy read, paper) that uses the same ids lands in the same place.
QUESTION_IDS = ("relationship", "hours_band", "carrying_on", "what_would_help")
CARRYING_ON = {
    "yes": "Yes",
    "with-support": "Yes, but only with more support",
    "no": "No, or I am not sure",
}


def carers_provider_for_postcode(*, postcode: str) -> Service:
    """The carers' assessment provider covering a Kent postcode (Swanley's BR8 included); ValidationError if none."""
    found = postcode_lookup(postcode=postcode)
    if found is None or not found.district:
        raise ValidationError(NO_PROVIDER_MESSAGE)
    if found.district == "medway":
        raise ValidationError(MEDWAY_MESSAGE)
    provider = carers_assessment_service_for_district(district=found.district, postcode=postcode)
    if provider is None:
        raise ValidationError(NO_PROVIDER_MESSAGE)
    return provider


@dataclass(frozen=True)
class CarerRequest:
    """The answers of the short carer's assessment request (no account)."""

    name: str
    postcode: str
    best_time: str
    relationship: str
    hours_band: str
    carrying_on: str
    consent: bool
    phone: str = ""
    email: str = ""
    address: str = ""
    what_would_help: str = ""
    communication_needs: str = ""
    risk_reported: bool = False
    call_back: bool = False


def carer_request_answers(*, request: CarerRequest) -> dict[str, Any]:
    """What the provider sees of the few questions, by question id, with the words shown to the carer."""
    return {
        "type": "carers-assessment-request",
        "answers": {
            "relationship": {
                "question": "Who do you care for?",
                "answer": str(Relationship(request.relationship).label),
            },
            "hours_band": {
                "question": "About how many hours a week do you spend caring?",
                "answer": str(HoursBand(request.hours_band).label),
            },
            "carrying_on": {
                "question": "Do you feel able to carry on caring?",
                "answer": CARRYING_ON[request.carrying_on],
            },
            "what_would_help": {
                "question": "What would help you most?",
                "answer": request.what_would_help.strip() or "Not given",
            },
        },
    }


def carers_assessment_request_open(*, request: CarerRequest, submission_token: str) -> Referral:
    """Ask the carers' organisation covering the postcode for a carer's assessment, without an account.

    Idempotent on `submission_token`. Raises ValidationError in plain words (no provider, Medway, bad details).
    """
    provider = carers_provider_for_postcode(postcode=request.postcode)
    help_wanted = "A carer's assessment (Care Act 2014, section 10), asked for without an account."
    if request.communication_needs.strip():
        help_wanted += f"\nCommunication needs: {request.communication_needs.strip()}"
    details = ReferralDetails(
        name=request.name,
        help_wanted=help_wanted[:1000],
        consent=request.consent,
        who_needs_support=Referral.WhoNeedsSupport.ME,
        phone=request.phone,
        email=request.email,
        address=request.address,
        postcode=postcode_normalise(request.postcode) or request.postcode,
        best_time_to_contact=request.best_time,
        risk_reported=request.risk_reported,
        cannot_carry_on=request.carrying_on == "no",
        caring_50_hours=request.hours_band == HoursBand.FROM_50,
        call_back=request.call_back,
        # The provider covers this postcode by construction; age is not asked on the short form.
        outside_confirmed=True,
    )
    try:
        return referral_submit(
            service=provider,
            details=details,
            submission_token=submission_token,
            attachment_title="Carer's assessment request (short form, no account)",
            attachment=carer_request_answers(request=request),
        )
    except ReferralInvalid as exc:
        raise ValidationError(str(exc)) from exc


def call_back_request(
    *,
    name: str,
    phone: str,
    postcode: str,
    best_time: str,
    about: str,
    consent: bool,
    submission_token: str,
    service: Service | None = None,
    user: Any = None,
) -> Referral:
    """ "Ask someone to call me": a referral flagged for a phone call back at the best time.

    To `service` when given (the page the person was on), else to the carers' organisation covering the
    postcode. Idempotent on `submission_token`; raises ValidationError in plain words.
    """
    target = service or carers_provider_for_postcode(postcode=postcode)
    details = ReferralDetails(
        name=name,
        help_wanted=("Please call me back. " + about.strip()).strip()[:1000],
        consent=consent,
        phone=phone,
        postcode=postcode_normalise(postcode) or postcode,
        best_time_to_contact=best_time,
        call_back=True,
        # A call back is a conversation, not an acceptance: staff see the flags when it is outside the service.
        outside_confirmed=True,
    )
    try:
        return referral_submit(service=target, details=details, user=user, submission_token=submission_token)
    except ReferralInvalid as exc:
        raise ValidationError(str(exc)) from exc
