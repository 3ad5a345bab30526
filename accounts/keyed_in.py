"""Writes for keying in a paper self-assessment sent by a carer without an account (docs/carers-pages.md).

The answers come from the online self-assessment's own forms (accounts.keyed_in_forms), so they are stored in
the same shape as an online submission. A keyed-in form belongs to a carer's assessment request: the one the
carer already made without an account, or a new one sent to the carers' organisation covering their postcode,
as the online request is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import policy, steps
from accounts.eligibility import eligibility_indicate
from accounts.models import KeyedInSelfAssessment
from accounts.open_requests import carers_provider_for_postcode
from accounts.services import REFERRAL_AGE_BANDS
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record
from services.referrals.models import Referral
from services.referrals.selectors import referrals_taking_paper_self_assessments, referrals_visible_to
from services.referrals.services.submit import ReferralDetails, ReferralInvalid, referral_submit

NOT_FOUND = "There is no carer's assessment request with this reference that you can key a form in for"
HELP_WANTED = (
    "A carer's assessment (Care Act 2014, section 10). They sent a paper self-assessment, keyed in by staff: "
    "it is attached."
)


def about_snapshot(about: Mapping[str, Any]) -> dict[str, Any]:
    """The "about you" answers in the shape an online submission keeps them (the paper form names nobody cared for)."""
    return {"profile": dict(about), "people": []}


def keyed_in_snapshot(*, about: Mapping[str, Any], answers: Mapping[str, Any], keyed_at: Any) -> dict[str, Any]:
    """The paper self-assessment as the provider's staff read it on a new request (like an online one's)."""
    result = eligibility_indicate(steps.answers_to_eligibility(answers))
    return {
        "type": "carers-self-assessment",
        "channel": KeyedInSelfAssessment.Channel.PAPER.value,
        "keyed_in_at": keyed_at.isoformat(),
        "indicative_result": result.indication.value,
        "reasons": list(result.reasons),
        "about": about_snapshot(about),
        "answers": steps.answers_summary(answers),
    }


def _linked_request(*, user: Any, reference: str) -> Referral:
    """The no-account carer's assessment request with this reference, if this member of staff may key in for it."""
    requests = referrals_taking_paper_self_assessments(referrals=referrals_visible_to(user=user))
    referral = requests.select_for_update(of=("self",)).filter(reference=reference).first()
    if referral is None or not policy.user_can_key_in_self_assessment(user, record=referral):
        raise ValidationError({"reference": [NOT_FOUND]})
    return referral


def _new_request(*, user: Any, about: Mapping[str, Any], answers: Mapping[str, Any], token: str) -> Referral:
    """A carer's assessment request to the carers' organisation covering the postcode, with the form attached."""
    try:
        provider = carers_provider_for_postcode(postcode=about["postcode"])
    except ValidationError as exc:
        raise ValidationError({"postcode": exc.messages}) from exc
    if not policy.user_can_key_in_self_assessment(user, record=provider):
        raise ValidationError(
            {"postcode": [f"{provider.organisation.name} covers this postcode. Send the paper form to them to key in"]}
        )
    carrying_on = answers.get("carrying-on", {})
    details = ReferralDetails(
        name=about["preferred_name"],
        help_wanted=HELP_WANTED,
        consent=True,
        phone=about.get("phone") or "",
        address=about.get("address") or "",
        postcode=about["postcode"],
        age_band=REFERRAL_AGE_BANDS.get(about.get("age_band") or "", ""),
        cannot_carry_on="no" in {carrying_on.get("able"), carrying_on.get("willing")},
        # The provider covers this postcode by construction; flags show staff anything else to check.
        outside_confirmed=True,
    )
    try:
        return referral_submit(
            service=provider,
            details=details,
            submission_token=f"keyed-in:{token}",
            attachment_title="Carer's self-assessment (paper form, keyed in by staff)",
            attachment=keyed_in_snapshot(about=about, answers=answers, keyed_at=timezone.now()),
        )
    except ReferralInvalid as exc:
        raise ValidationError(str(exc)) from exc


def keyed_in_assessment_save(
    *, user: Any, reference: str, about: Mapping[str, Any], answers: Mapping[str, Any], submission_token: str
) -> KeyedInSelfAssessment:
    """Store a paper self-assessment keyed in by `user`, for the request `reference` or a new one; audited.

    Idempotent: the same form submitted twice (same token), or the same answers keyed in again for the same
    request, returns the first record. Raises ValidationError in plain words, by field where there is one
    ("reference", "postcode"), when the member of staff may not key it in or no request can be found or made.
    """
    existing = KeyedInSelfAssessment.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing
    answers = dict(answers)
    try:
        with transaction.atomic():
            if reference:
                referral = _linked_request(user=user, reference=reference)
            else:
                referral = _new_request(user=user, about=about, answers=answers, token=submission_token)
            stored_about = about_snapshot(about)
            again = referral.keyed_in_self_assessments.filter(answers=answers, about=stored_about).first()
            if again is not None:
                return again
            result = eligibility_indicate(steps.answers_to_eligibility(answers))
            record = KeyedInSelfAssessment.objects.create(
                referral=referral,
                organisation_id=referral.organisation_id,
                channel=KeyedInSelfAssessment.Channel.PAPER,
                answers=answers,
                about=stored_about,
                indication=result.indication.value,
                reasons=list(result.reasons),
                keyed_by=user,
                submission_token=submission_token,
            )
            audit_record(
                actor=user,
                action=AuditEvent.Action.CREATE,
                obj=record,
                summary=f"Paper self-assessment keyed in for {referral.reference}",
            )
    except IntegrityError:
        # The same form, submitted at the same moment, won the race: return what it stored.
        existing = KeyedInSelfAssessment.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing
    return record
