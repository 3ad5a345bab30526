"""Writes for sending a referral: its details and flags, the rate limit, the reference and the emails."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import AuditEvent
from carers_portal.core.ratelimit import rate_limit_exceeded
from carers_portal.core.services import audit_record, email_enqueue_template
from services.eligibility import EligibilityCheck, reason_text
from services.geography import postcode_normalise
from services.models import Service
from services.referrals import selectors
from services.referrals.models import (
    REFERENCE_SEQUENCE,
    Referral,
    ReferralStatusChange,
)
from services.referrals.triage import Status

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "KCP-R"


class ReferralInvalid(ValueError):
    """The details cannot make a referral (str(exc) says why, in plain English)."""


class ReferralOutsideService(ReferralInvalid):
    """The person is outside what the service covers, and may not (or did not choose to) send it anyway."""


def referral_flags(*, details: ReferralDetails, check: EligibilityCheck) -> list[str]:
    """Why staff should look at a referral first (Referral.Flag), from its answers and the eligibility check."""
    flags = [reason for reason in check.reasons if reason in (Referral.Flag.OUTSIDE_AREA, Referral.Flag.OUTSIDE_AGE)]
    if check.area_not_checked:
        flags.append(Referral.Flag.AREA_NOT_CHECKED)
    if details.cannot_carry_on:
        flags.append(Referral.Flag.CANNOT_CARRY_ON)
    if details.caring_50_hours:
        flags.append(Referral.Flag.CARING_50_HOURS)
    if details.risk_reported:
        flags.append(Referral.Flag.IMMEDIATE_RISK)
    if details.call_back:
        flags.append(Referral.Flag.CALL_BACK)
    return flags


@dataclass(frozen=True)
class ReferralDetails:
    """The answers of a referral form (or of another journey that refers someone, such as a self-assessment)."""

    name: str
    help_wanted: str
    consent: bool
    who_needs_support: str = Referral.WhoNeedsSupport.ME
    referrer_name: str = ""
    cared_for_agrees: bool | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""
    best_time_to_contact: str = Referral.BestTime.ANY
    age_band: str = ""
    communication_needs: tuple[str, ...] = field(default_factory=tuple)
    interpreter_language: str = ""
    heard_about: str = ""
    risk_reported: bool = False
    armed_forces: str = ""
    # From a carer's self-assessment: they may not be able or willing to carry on, or care 50+ hours a week.
    cannot_carry_on: bool = False
    caring_50_hours: bool = False
    # "Ask someone to call me": the provider phones them at the best time (a phone number is then required).
    call_back: bool = False
    # They were told they are outside what the service covers and chose to send the request anyway.
    outside_confirmed: bool = False


def referral_details_again(referral: Referral, *, help_wanted: str, consent: bool, **changes: Any) -> ReferralDetails:
    """A new request's answers taken from `referral` (the person, how to reach them, their needs), with the help
    wanted now and `changes` (for example the flags a hand-off carries on): the carer does not tell it again."""
    return ReferralDetails(
        name=referral.name,
        help_wanted=help_wanted,
        consent=consent,
        who_needs_support=referral.who_needs_support,
        referrer_name=referral.referrer_name,
        cared_for_agrees=referral.cared_for_agrees,
        phone=referral.phone,
        email=referral.email,
        address=referral.address,
        postcode=referral.postcode,
        best_time_to_contact=referral.best_time_to_contact,
        age_band=referral.age_band,
        communication_needs=tuple(referral.communication_needs),
        interpreter_language=referral.interpreter_language,
        armed_forces=referral.armed_forces,
        **changes,
    )


def referral_rate_limit_exceeded(*, client_key: str, user: Any) -> bool:
    """Count one attempt to make a referral, by any route (the referral journey, a carer's assessment request):
    True once over the limit. Each referral sends council-branded emails, so it is limited per client (a hashed
    address) and, for signed-in people, per account too, so neither a new session nor another address gets round
    it. Both are counted every time."""
    keys = [("referral-submit", client_key)]
    if user is not None and getattr(user, "is_authenticated", False):
        keys.append(("referral-submit-account", str(user.pk)))
    exceeded = [
        rate_limit_exceeded(
            scope=scope,
            key=key,
            limit=settings.REFERRAL_RATE_LIMIT,
            window_seconds=settings.REFERRAL_RATE_LIMIT_WINDOW_SECONDS,
        )
        for scope, key in keys
    ]
    return any(exceeded)


def referral_reference_next(*, on: date | None = None) -> str:
    """The next reference, e.g. KCP-R-2026-000123, from a PostgreSQL sequence (safe under concurrency)."""
    year = (on or timezone.localdate()).year
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [REFERENCE_SEQUENCE])
        (number,) = cursor.fetchone()
    return f"{REFERENCE_PREFIX}-{year}-{number:06d}"


def _admin_url(referral: Referral) -> str:
    return str(settings.SITE_URL) + reverse("admin:referrals_referral_change", args=[referral.pk])


def _status_url(referral: Referral) -> str:
    return str(settings.SITE_URL) + referral.get_status_url()


def _shared_story(user: Any) -> dict[str, Any] | None:
    """The carer's consented story, copied now ("tell my story once"); None without an account or consent."""
    from accounts.story import story_snapshot_for_user

    return story_snapshot_for_user(user=user)


def _validate_details(details: ReferralDetails) -> None:
    if not details.consent:
        raise ReferralInvalid("The person must agree to share their details with the provider")
    if not details.name.strip():
        raise ReferralInvalid("Enter the name of the person who needs support")
    if not details.help_wanted.strip():
        raise ReferralInvalid("Say what help is wanted")
    # TextField limits are not enforced by full_clean, so check them here.
    if len(details.help_wanted) > 1000:
        raise ReferralInvalid("What help is wanted must be 1,000 characters or fewer")
    if len(details.address) > 500:
        raise ReferralInvalid("Postal address must be 500 characters or fewer")
    if not (details.phone.strip() or details.email.strip() or details.address.strip()):
        raise ReferralInvalid("Give at least one way to contact the person: phone, email or post")
    if details.call_back and not details.phone.strip():
        raise ReferralInvalid("Enter a phone number so someone can call you back")
    if details.who_needs_support == Referral.WhoNeedsSupport.SOMEONE_I_CARE_FOR and details.cared_for_agrees is False:
        raise ReferralInvalid("The person you care for must know about and agree to this referral")


def referral_submit(
    *,
    service: Service,
    details: ReferralDetails,
    user: Any = None,
    submission_token: str,
    attachment_title: str = "",
    attachment: dict[str, Any] | None = None,
    handed_off_from: Referral | None = None,
    actor: Any = None,
) -> Referral:
    """Store a referral and, in the same transaction, the emails it causes. Idempotent on `submission_token`.

    `user` is the person's account (it sends their consented story, and the referral is theirs); `actor` is who
    sent it when that is someone else: staff handing it on from `handed_off_from` (services.handoff).

    A second call with the same token (a double click, a refresh, back-and-resubmit)
    returns the referral the first call stored, and stores and sends nothing more.
    Raises ReferralInvalid when the details cannot make a referral.
    """
    if not submission_token or len(submission_token) > 64:
        raise ReferralInvalid("A submission token of 1 to 64 characters is required")
    existing = selectors.referral_by_submission_token(submission_token=submission_token)
    if existing is not None:
        return existing
    _validate_details(details)
    if attachment is not None and len(json.dumps(attachment)) > settings.REFERRAL_ATTACHMENT_MAX_BYTES:
        raise ReferralInvalid("The attachment is too large")

    postcode = ""
    if details.postcode.strip():
        postcode = postcode_normalise(details.postcode) or details.postcode.strip().upper()
    now = timezone.now()
    # Never silently outside what the service covers: refused unless the provider takes such requests and the
    # person was told and chose to go on; flagged for staff when it is sent.
    check, district = selectors.person_eligibility_check(
        service=service, age_band=details.age_band, postcode=postcode, on=timezone.localdate(now)
    )
    if not check.can_go_on or (check.reasons and not details.outside_confirmed):
        raise ReferralOutsideService(
            " ".join(reason_text(reason=r, eligibility=check.eligibility, district=district) for r in check.reasons)
        )
    referral = Referral(
        submission_token=submission_token,
        service=service,
        organisation_id=service.organisation_id,
        submitted_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        submitted_at=now,
        status_changed_at=now,
        status=Status.NEW,
        risk_reported=details.risk_reported,
        who_needs_support=details.who_needs_support,
        name=details.name.strip(),
        referrer_name=details.referrer_name.strip(),
        cared_for_agrees=details.cared_for_agrees,
        phone=details.phone.strip(),
        email=details.email.strip().lower(),
        address=details.address.strip(),
        postcode=postcode,
        district=district,
        best_time_to_contact=details.best_time_to_contact,
        age_band=details.age_band,
        help_wanted=details.help_wanted.strip(),
        communication_needs=list(details.communication_needs),
        interpreter_language=details.interpreter_language.strip(),
        heard_about=details.heard_about,
        armed_forces=details.armed_forces,
        flags=referral_flags(details=details, check=check),
        consent_at=now,
        attachment_title=attachment_title.strip(),
        attachment=attachment,
        shared_story=_shared_story(user),
        handed_off_from=handed_off_from,
        reference="pending",
    )
    try:
        referral.full_clean(exclude=["reference", "submission_token", "uuid"], validate_unique=False)
    except ValidationError as exc:
        raise ReferralInvalid("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())) from exc

    try:
        with transaction.atomic():
            referral.reference = referral_reference_next(on=timezone.localdate(now))
            referral.save()
            ReferralStatusChange.objects.create(referral=referral, from_status="", to_status=Status.NEW, at=now)
            audit_record(
                actor=actor or user,
                action=AuditEvent.Action.CREATE,
                obj=referral,
                summary=f"Handed off from {handed_off_from.reference}" if handed_off_from else "Referral submitted",
            )
            _email_new_referral(referral)
            if referral.email:
                email_enqueue_template(
                    to=referral.email,
                    template="referrals/email/receipt",
                    context={"referral": referral, "service": service, "status_url": _status_url(referral)},
                    category="referral_receipt",
                    dedupe_key=f"referral:{referral.pk}:receipt",
                )
    except IntegrityError:
        # A concurrent request with the same token won the race: return what it stored.
        existing = selectors.referral_by_submission_token(submission_token=submission_token)
        if existing is None:
            raise
        return existing
    return referral


def _email_new_referral(referral: Referral) -> None:
    """Tell the organisation's referrals inbox: the reference and a link, never the person's details."""
    to = referral.organisation.referrals_email or settings.REFERRALS_FALLBACK_EMAIL
    if not to:
        logger.warning("Organisation %s has no referrals inbox; no new-referral email", referral.organisation_id)
        return
    email_enqueue_template(
        to=to,
        template="referrals/email/new_referral",
        context={"referral": referral, "admin_url": _admin_url(referral)},
        category="referral_new",
        dedupe_key=f"referral:{referral.pk}:new",
    )
