"""Reviews of a carer's assessment or support: scheduled, reminded through the outbox, recorded by staff.

Care Act practice (shared/docs/carers-assessment.md): reviews at least every 12 months, and sooner when
the carer's situation changes. Every accepted referral has one open review; recording its outcome
completes it, and the next sweep schedules the next one a year on (unless support ended).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.services import add_months
from carers_portal.core.models import AuditEvent
from carers_portal.core.services import audit_record, email_enqueue_template
from services.referrals import selectors
from services.referrals.models import Referral, SupportReview
from services.referrals.services.handling import referral_transition
from services.referrals.triage import Status

REVIEW_MONTHS = 12
REMIND_DAYS_BEFORE = 28  # reminders go out four weeks before the review is due (and at once if it is late)


def _review_base(referral: Referral) -> date:
    last = referral.reviews.exclude(completed_at__isnull=True).order_by("-completed_at").first()
    if last is not None and last.completed_at is not None:
        return timezone.localdate(last.completed_at)
    if referral.support_started_on:
        return referral.support_started_on
    return timezone.localdate(referral.accepted_at or referral.submitted_at)


def reviews_schedule(*, today: date | None = None) -> int:
    """Give every accepted referral without an open review its next one, a year after the last. Returns how many."""
    today = today or timezone.localdate()
    open_review = SupportReview.objects.filter(referral=OuterRef("pk"), completed_at__isnull=True)
    waiting = Referral.objects.filter(status=Status.ACCEPTED, anonymised_at__isnull=True).exclude(Exists(open_review))
    made = 0
    for referral in waiting.iterator(chunk_size=500):
        due_on = add_months(datetime.combine(_review_base(referral), time()), REVIEW_MONTHS).date()
        try:
            with transaction.atomic():
                SupportReview.objects.create(referral=referral, due_on=due_on)
        except IntegrityError:  # another sweep made it first
            continue
        made += 1
    return made


def reviews_due(*, reviews: QuerySet[SupportReview], today: date | None = None) -> QuerySet[SupportReview]:
    """Open reviews due within the reminder window, or overdue."""
    today = today or timezone.localdate()
    return reviews.filter(completed_at__isnull=True, due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE))


def reviews_send_reminders(*, today: date | None = None) -> int:
    """One reminder to the carer and one to the provider for each review that is due. Returns how many queued.

    Dedupe keys name the review, so running the sweep again never sends one twice.
    """
    today = today or timezone.localdate()
    sent = 0
    due = reviews_due(reviews=SupportReview.objects.select_related("referral__organisation", "referral__service"))
    for review in due.filter(referral__anonymised_at__isnull=True):
        referral = review.referral
        context = {
            "review": review,
            "referral": referral,
            "overdue": review.due_on < today,
            "status_url": settings.SITE_URL + referral.get_status_url(),
            "admin_url": settings.SITE_URL + reverse("admin:referrals_supportreview_change", args=[review.pk]),
        }
        with transaction.atomic():
            if referral.email:
                sent += bool(
                    email_enqueue_template(
                        to=referral.email,
                        template="referrals/email/review_carer",
                        context=context,
                        category="review_reminder_carer",
                        dedupe_key=f"review:{review.pk}:carer",
                    )
                )
            provider_inbox = referral.organisation.referrals_email or settings.REFERRALS_FALLBACK_EMAIL
            if provider_inbox:
                sent += bool(
                    email_enqueue_template(
                        to=provider_inbox,
                        template="referrals/email/review_provider",
                        context=context,
                        category="review_reminder_provider",
                        dedupe_key=f"review:{review.pk}:provider",
                    )
                )
    return sent


def reviews_sweep(*, today: date | None = None) -> int:
    """The daily job: schedule the next reviews, then queue the reminders that are due."""
    reviews_schedule(today=today)
    return reviews_send_reminders(today=today)


def review_record_outcome(*, review: SupportReview, outcome: str, notes: str, actor: Any) -> SupportReview:
    """Record a review's outcome (staff who can see the referral only). "Support no longer needed" closes it."""
    if outcome not in SupportReview.Outcome.values:
        raise ValidationError("Select the outcome of the review")
    if len(notes) > 2000:
        raise ValidationError("Notes must be 2,000 characters or fewer")
    with transaction.atomic():
        if not selectors.referral_visible_to(user=actor, referral=review.referral):
            raise PermissionDenied("You cannot record this review")
        locked = SupportReview.objects.select_for_update().get(pk=review.pk)
        if locked.completed_at is not None:
            return locked
        locked.outcome = outcome
        locked.outcome_notes = notes.strip()
        locked.completed_at = timezone.now()
        locked.completed_by = actor
        locked.save(update_fields=["outcome", "outcome_notes", "completed_at", "completed_by"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CHANGE,
            obj=locked.referral,
            summary=f"Review recorded: {locked.get_outcome_display()}",
        )
        if outcome == SupportReview.Outcome.ENDED and locked.referral.status == Status.ACCEPTED:
            referral_transition(referral=locked.referral, to_status=Status.CLOSED, actor=actor, reason="Review")
    return locked


def review_situation_changed(*, referral: Referral, note: str, actor: Any) -> SupportReview:
    """The carer's situation has changed: their review is due now (the open one is brought forward).

    `actor` is the carer (their own referral) or staff who can see it.
    """
    own = actor is not None and referral.submitted_by_id == getattr(actor, "pk", None)
    if not own and not selectors.referral_visible_to(user=actor, referral=referral):
        raise PermissionDenied("You cannot change this review")
    if referral.status != Status.ACCEPTED:
        raise ValidationError("Only support that is going on can be reviewed. Ask for help again instead.")
    today = timezone.localdate()
    with transaction.atomic():
        Referral.objects.select_for_update().filter(pk=referral.pk).first()
        review = referral.reviews.filter(completed_at__isnull=True).first()
        if review is None:
            review = SupportReview(referral=referral)
        review.due_on = today
        review.reason = SupportReview.Reason.CHANGE
        review.situation_note = note.strip()[:1000]
        review.save()
        audit_record(
            actor=actor, action=AuditEvent.Action.CHANGE, obj=referral, summary="Situation changed: review due now"
        )
    return review


def referral_reopen(*, referral: Referral, note: str, actor: Any) -> Referral:
    """A changed situation after support ended: a new request to the same service, from the carer's account.

    It goes through `referral_submit` (so the provider's queue, emails and the carer's shared story apply),
    naming the earlier reference. Idempotent per earlier referral and day.
    """
    from services.referrals.services.submit import ReferralInvalid, referral_details_again, referral_submit

    if actor is None or referral.submitted_by_id != getattr(actor, "pk", None):
        raise PermissionDenied("You cannot reopen this request")
    if referral.anonymised_at is not None:
        raise ValidationError("This request is too old to reopen. Ask for help again instead.")
    details = referral_details_again(
        referral,
        help_wanted=f"My situation has changed (earlier request {referral.reference}). {note.strip()}"[:1000],
        consent=True,
        outside_confirmed=True,
    )
    try:
        return referral_submit(
            service=referral.service,
            details=details,
            user=actor,
            submission_token=f"reopen:{referral.pk}:{timezone.localdate():%Y%m%d}",
        )
    except ReferralInvalid as exc:
        raise ValidationError(str(exc)) from exc


def situation_changed(*, referral: Referral, note: str, actor: Any) -> tuple[str, Referral]:
    """What the carer's "My situation has changed" does: support going on is reviewed now; support that has
    ended is reopened with a new request. Returns ("review", referral) or ("reopened", new referral)."""
    if referral.status == Status.ACCEPTED:
        return "review", review_situation_changed(referral=referral, note=note, actor=actor).referral
    return "reopened", referral_reopen(referral=referral, note=note, actor=actor)
