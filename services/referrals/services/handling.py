"""Writes for staff handling a referral: status transitions, assignment, triage, notes and contact attempts,
one at a time or in bulk.

Every write that staff make goes through here, is checked against what the actor may
see (`selectors.referrals_visible_to`) and is recorded with `audit_record`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts import policy
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record, email_enqueue_template
from services.models import NeedLevel, Service
from services.referrals import selectors, triage
from services.referrals.models import (
    ContactAttempt,
    Referral,
    ReferralNote,
    ReferralStatusChange,
)
from services.referrals.services.submit import ReferralInvalid, _status_url
from services.referrals.triage import Status, TransitionRefused


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


def _locked_change(
    *,
    referral: Referral,
    actor: Any,
    values: Mapping[str, Any],
    summary: str,
    check: Callable[[Referral], None] | None = None,
) -> Referral:
    """Under the row lock: `check` the referral as it is now (it raises to refuse), then set its fields to `values`
    and record `summary` in the audit log, unless they already have them."""
    with transaction.atomic():
        locked = _locked_visible(referral=referral, actor=actor)
        if check is not None:
            check(locked)
        if all(getattr(locked, name) == value for name, value in values.items()):
            return locked
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save(update_fields=list(values))
        audit_record(actor=actor, action=AuditEvent.Action.CHANGE, obj=locked, summary=summary)
    referral.refresh_from_db()
    return locked


def referral_assign(*, referral: Referral, assignee: Any, actor: Any) -> Referral:
    """Assign a referral to a staff member who can see it (or unassign with None)."""

    def check(locked: Referral) -> None:
        if (
            assignee is not None
            and not selectors.referral_assignable_staff(referral=locked).filter(pk=assignee.pk).exists()
        ):
            raise PermissionDenied("You can only assign a referral to staff who can see it")

    return _locked_change(
        referral=referral,
        actor=actor,
        values={"assigned_to_id": assignee.pk if assignee else None},
        summary=f"Assigned to {assignee.email}" if assignee else "Unassigned",
        check=check,
    )


def referral_support_started_set(*, referral: Referral, started_on: date | None, actor: Any) -> Referral:
    """Record the day support started (only for an accepted referral)."""

    def check(locked: Referral) -> None:
        if started_on is not None and locked.status not in (Status.ACCEPTED, Status.CLOSED):
            raise TransitionRefused("Support can only start once the referral is accepted")

    return _locked_change(
        referral=referral,
        actor=actor,
        values={"support_started_on": started_on},
        summary=f"Support started on {started_on:%d/%m/%Y}" if started_on else "Support start date removed",
        check=check,
    )


def referral_triage_record(
    *, referral: Referral, need_level: str, signposted_to: Service | None, actor: Any
) -> Referral:
    """Record the level of need found at triage and the service the person was pointed to instead (if any)."""
    if need_level and need_level not in NeedLevel.values:
        raise TransitionRefused("Select a level of need from the list")
    level = str(NeedLevel(need_level).label).lower() if need_level else "not recorded"
    return _locked_change(
        referral=referral,
        actor=actor,
        values={"need_level": need_level, "signposted_to_id": signposted_to.pk if signposted_to else None},
        summary=f"Need level: {level}; signposted to: {signposted_to.name if signposted_to else 'none'}"[:500],
    )


def referral_legal_hold_set(*, referral: Referral, on: bool, actor: Any) -> Referral:
    """Put a referral on (or take it off) legal hold. Commissioners only: it overrides the retention policy."""
    if not policy.user_can_set_legal_hold(actor):
        raise PermissionDenied("Only commissioners can change a legal hold")
    return _locked_change(
        referral=referral,
        actor=actor,
        values={"legal_hold": on},
        summary="Legal hold placed" if on else "Legal hold removed",
    )


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
