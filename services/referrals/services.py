"""Writes for referrals: submit, triage transitions, assignment, notes, contact attempts, retention.

Every write that staff make goes through here, is checked against what the actor may
see (`selectors.referrals_visible_to`) and is recorded with `audit_record`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import AuditEvent, OutboundEmail
from carers_portal.core.services import audit_record, email_enqueue_template
from services.eligibility import EligibilityCheck, reason_text
from services.geography import postcode_normalise
from services.models import NeedLevel, Service
from services.referrals import selectors, triage
from services.referrals.models import (
    REFERENCE_SEQUENCE,
    ContactAttempt,
    Referral,
    ReferralNote,
    ReferralStatusChange,
)
from services.referrals.triage import Status, TransitionRefused

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "KCP-R"
ANONYMISED_NAME = "Removed (retention period ended)"


class ReferralInvalid(ValueError):
    """The details cannot make a referral (str(exc) says why, in plain English)."""


class ReferralOutsideService(ReferralInvalid):
    """The person is outside what the service covers, and may not (or did not choose to) send it anyway."""


def referral_flags(*, details: ReferralDetails, check: EligibilityCheck) -> list[str]:
    """Why staff should look at a referral first (Referral.Flag), from its answers and the eligibility check."""
    flags = [reason for reason in check.reasons if reason in (Referral.Flag.OUTSIDE_AREA, Referral.Flag.OUTSIDE_AGE)]
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
) -> Referral:
    """Store a referral and, in the same transaction, the emails it causes. Idempotent on `submission_token`.

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
            audit_record(actor=user, action=AuditEvent.Action.CREATE, obj=referral, summary="Referral submitted")
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


def _locked_visible(*, referral: Referral, actor: Any) -> Referral:
    """Lock the row for this write, refusing actors who may not see it (None is the system)."""
    base = Referral.objects if actor is None else selectors.referrals_visible_to(user=actor)
    locked = base.select_for_update(of=("self",)).filter(pk=referral.pk).first()
    if locked is None:
        raise PermissionDenied("You cannot change this referral")
    return locked


def referral_transition(*, referral: Referral, to_status: str, actor: Any, reason: str = "") -> Referral:
    """Move a referral through triage, if the rules allow it (raises TransitionRefused with the reason if not).

    The referrer gets an email about the change when they gave an email address.
    """
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        error = triage.transition_error(current=locked.status, target=to_status, reason=reason)
        if error:
            raise TransitionRefused(error)
        now = timezone.now()
        from_status = locked.status
        locked.status = to_status
        locked.status_changed_at = now
        fields = ["status", "status_changed_at"]
        if to_status in triage.OUTCOMES and locked.triaged_at is None:
            locked.triaged_at = now
            fields.append("triaged_at")
        if to_status == Status.ACCEPTED:
            locked.accepted_at = now
            fields.append("accepted_at")
        if to_status == Status.DECLINED:
            locked.decline_reason = reason.strip()[:1000]
            fields.append("decline_reason")
        if to_status == Status.CLOSED:
            locked.closed_at = now
            fields.append("closed_at")
        locked.save(update_fields=fields)
        change = ReferralStatusChange.objects.create(
            referral=locked, from_status=from_status, to_status=to_status, at=now, actor=actor, reason=reason.strip()
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary=f"Status: {triage.status_label(from_status)} -> {triage.status_label(to_status)}",
        )
        if locked.email and not locked.anonymised_at:
            email_enqueue_template(
                to=locked.email,
                template="referrals/email/status_changed",
                context={
                    "referral": locked,
                    "status_label": triage.status_label(to_status),
                    "description": triage.PUBLIC_DESCRIPTIONS[to_status],
                    "status_url": _status_url(locked),
                },
                category="referral_status",
                dedupe_key=f"referral:{locked.pk}:status:{change.pk}",
            )
    referral.refresh_from_db()
    return locked


def referral_assign(*, referral: Referral, assignee: Any, actor: Any) -> Referral:
    """Assign a referral to a staff member who can see it (or unassign with None)."""
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        if (
            assignee is not None
            and not selectors.referral_assignable_staff(referral=locked).filter(pk=assignee.pk).exists()
        ):
            raise PermissionDenied("You can only assign a referral to staff who can see it")
        if locked.assigned_to_id == (assignee.pk if assignee else None):
            return locked
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary=f"Assigned to {assignee.email}" if assignee else "Unassigned",
        )
    referral.refresh_from_db()
    return locked


def referral_support_started_set(*, referral: Referral, started_on: date | None, actor: Any) -> Referral:
    """Record the day support started (only for an accepted referral)."""
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        if started_on is not None and locked.status not in (Status.ACCEPTED, Status.CLOSED):
            raise TransitionRefused("Support can only start once the referral is accepted")
        if locked.support_started_on == started_on:
            return locked
        locked.support_started_on = started_on
        locked.save(update_fields=["support_started_on"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary=f"Support started on {started_on:%d/%m/%Y}" if started_on else "Support start date removed",
        )
    referral.refresh_from_db()
    return locked


def referral_triage_record(
    *, referral: Referral, need_level: str, signposted_to: Service | None, actor: Any
) -> Referral:
    """Record the level of need found at triage and the service the person was pointed to instead (if any)."""
    if need_level and need_level not in NeedLevel.values:
        raise TransitionRefused("Select a level of need from the list")
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        signposted_id = signposted_to.pk if signposted_to is not None else None
        if locked.need_level == need_level and locked.signposted_to_id == signposted_id:
            return locked
        locked.need_level = need_level
        locked.signposted_to = signposted_to
        locked.save(update_fields=["need_level", "signposted_to"])
        level = str(NeedLevel(need_level).label).lower() if need_level else "not recorded"
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary=f"Need level: {level}; signposted to: {signposted_to.name if signposted_to else 'none'}"[:500],
        )
    referral.refresh_from_db()
    return locked


def referral_legal_hold_set(*, referral: Referral, on: bool, actor: Any) -> Referral:
    """Put a referral on (or take it off) legal hold. Commissioners only: it overrides the retention policy."""
    if actor is None or not getattr(actor, "is_commissioner", False):
        raise PermissionDenied("Only commissioners can change a legal hold")
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        if locked.legal_hold == on:
            return locked
        locked.legal_hold = on
        locked.save(update_fields=["legal_hold"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary="Legal hold placed" if on else "Legal hold removed",
        )
    referral.refresh_from_db()
    return locked


def referral_note_add(*, referral: Referral, author: Any, text: str) -> ReferralNote:
    text = text.strip()
    if not text:
        raise ReferralInvalid("Enter the note")
    if len(text) > 2000:
        raise ReferralInvalid("Note must be 2,000 characters or fewer")
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=author)
        note = ReferralNote.objects.create(referral=locked, author=author, text=text)
        audit_record(actor=author, action=AuditEvent.Action.CHANGE, obj=locked, summary="Internal note added")
    return note


def referral_contact_attempt_record(
    *,
    referral: Referral,
    made_by: Any,
    method: str,
    outcome: str,
    note: str = "",
    made_at: datetime | None = None,
) -> ContactAttempt:
    if method not in ContactAttempt.Method.values:
        raise ReferralInvalid("Select how you tried to make contact")
    if outcome not in ContactAttempt.Outcome.values:
        raise ReferralInvalid("Select what happened")
    if len(note) > 500:
        raise ReferralInvalid("Note must be 500 characters or fewer")
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=made_by)
        attempt = ContactAttempt.objects.create(
            referral=locked,
            made_by=made_by,
            made_at=made_at or timezone.now(),
            method=method,
            outcome=outcome,
            note=note.strip(),
        )
        audit_record(
            actor=made_by,
            action=AuditEvent.Action.CHANGE,
            obj=locked,
            summary=f"Contact attempt: {attempt.get_method_display()}, {attempt.get_outcome_display()}",
        )
    return attempt


@dataclass
class BulkResult:
    done: int = 0
    refused: list[str] = field(default_factory=list)


def referrals_assign_to_me(*, referrals: QuerySet[Referral], actor: Any) -> BulkResult:
    """Bulk action: assign each referral the actor can see to the actor."""
    result = BulkResult()
    for referral in selectors.referrals_visible_to(user=actor).filter(pk__in=referrals.values("pk")):
        referral_assign(referral=referral, assignee=actor, actor=actor)
        result.done += 1
    return result


def referrals_start_triage(*, referrals: QuerySet[Referral], actor: Any) -> BulkResult:
    """Bulk action: move each new referral the actor can see into triage; others are refused by the rules."""
    result = BulkResult()
    for referral in selectors.referrals_visible_to(user=actor).filter(pk__in=referrals.values("pk")):
        try:
            referral_transition(referral=referral, to_status=Status.IN_TRIAGE, actor=actor)
        except TransitionRefused as exc:
            result.refused.append(f"{referral.reference}: {exc}")
        else:
            result.done += 1
    return result


def referrals_purge_expired(*, now: datetime | None = None, dry_run: bool = False) -> list[str]:
    """Anonymise closed referrals older than REFERRAL_RETENTION_DAYS after closure, except those on legal hold.

    Keeps the record (reference, service, dates, statuses, district) for reporting; removes
    every personal detail, the notes' and contact attempts' text, and the emails sent to the
    person. Returns the references affected (or that would be, with dry_run).
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    expired = Referral.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, legal_hold=False, anonymised_at__isnull=True
    ).order_by("pk")
    references = list(expired.values_list("reference", flat=True))
    if dry_run:
        return references
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            referral = (
                Referral.objects.select_for_update().filter(pk=pk, legal_hold=False, anonymised_at__isnull=True).first()
            )
            if referral is None:
                continue
            referral_anonymise(referral=referral)
    return references


def referral_anonymise(*, referral: Referral) -> None:
    """Remove the personal details from one referral (call inside a transaction)."""
    referral.name = ANONYMISED_NAME
    referral.referrer_name = ""
    referral.phone = ""
    referral.email = ""
    referral.address = ""
    referral.postcode = ""
    referral.help_wanted = ""
    referral.communication_needs = []
    referral.interpreter_language = ""
    referral.decline_reason = "Removed" if referral.decline_reason else ""
    referral.attachment = None
    referral.attachment_title = ""
    referral.shared_story = None
    referral.anonymised_at = timezone.now()
    referral.save()
    referral.notes.update(text="Removed (retention period ended)")
    referral.contact_attempts.update(note="")
    referral.status_changes.exclude(reason="").update(reason="Removed")
    OutboundEmail.objects.filter(
        dedupe_key__startswith=f"referral:{referral.pk}:", status=OutboundEmail.Status.SENT
    ).delete()
    audit_record(
        actor=None,
        action=AuditEvent.Action.DELETE,
        obj=referral,
        summary="Personal details removed: the retention period ended",
    )
