"""Writes for the shared plumbing: queue and send email through the outbox, record audit events."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from celery import Task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone

from carers_portal.core.models import AuditEvent, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def task_enqueue_on_commit(task: Task[Any, Any], *args: Any) -> None:
    """Publish a Celery task once the current transaction commits.

    Publishing is best-effort: if Redis is down we log and carry on, because
    every task we publish is backed by a database row that beat sweeps up later.
    """

    def publish() -> None:
        if time.monotonic() < _broker.down_until:
            return  # the broker failed moments ago: don't make this person wait for it too
        try:
            task.apply_async(args=args, retry=False)
        except Exception:  # noqa: BLE001 - any broker failure must not fail the request
            _broker.down_until = time.monotonic() + BROKER_RETRY_AFTER_SECONDS
            logger.warning("Broker unavailable; %s will be picked up by the next sweep", task.name)

    transaction.on_commit(publish)


# After a failed publish, skip the broker for a few seconds: each attempt against a dead
# Redis costs the request its connection timeouts, and the outbox sweep sends the email anyway.
BROKER_RETRY_AFTER_SECONDS = 10.0


class _broker:
    down_until = 0.0


def email_enqueue(
    *,
    to: str,
    subject: str,
    body_text: str,
    category: str,
    body_html: str = "",
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboundEmail | None:
    """Store an email to send and publish a task to send it once the transaction commits.

    Call inside the transaction that creates the record the email is about.
    Returns None when `dedupe_key` was used before (the email was already promised).
    """
    try:
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=to,
                subject=" ".join(subject.split())[:255],
                body_text=body_text,
                body_html=body_html,
                headers=headers or {},
                category=category,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if dedupe_key and OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    from carers_portal.core.tasks import outbox_send  # the task module imports this one

    task_enqueue_on_commit(outbox_send, email.pk)
    return email


def email_enqueue_template(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    category: str,
    dedupe_key: str | None = None,
    headers: dict[str, str] | None = None,
) -> OutboundEmail | None:
    """Render `<template>_subject.txt`, `<template>.txt` and, if it exists, `<template>.html`, then enqueue."""
    context = {"SITE_URL": settings.SITE_URL, "SERVICE_NAME": settings.SERVICE_NAME, **context}
    body_html: str
    try:
        body_html = render_to_string(f"{template}.html", context)
    except TemplateDoesNotExist:
        body_html = ""
    return email_enqueue(
        to=to,
        subject=render_to_string(f"{template}_subject.txt", context),
        body_text=render_to_string(f"{template}.txt", context),
        body_html=body_html,
        category=category,
        dedupe_key=dedupe_key,
        headers=headers,
    )


def outbox_send(*, email_id: int) -> bool:
    """Send one pending email; True if this call sent it.

    The row lock (SKIP LOCKED) means two workers given the same id cannot both
    send it, and a sent email is never sent again.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            headers=email.headers or None,
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - record and retry later with backoff
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
            email.next_attempt_at = timezone.now() + timedelta(minutes=2**email.attempts)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            logger.warning("Email %s failed to send (attempt %s)", email.pk, email.attempts)
            return False
        email.status = OutboundEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def outbox_flush(*, limit: int = 200) -> int:
    """Send pending emails that are due. Returns how many were sent."""
    due = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at")
    sent = 0
    for email_id in due.values_list("pk", flat=True)[:limit]:
        if outbox_send(email_id=email_id):
            sent += 1
    return sent


def outbox_retry(*, email_ids: list[int]) -> int:
    """Put failed emails back in the queue (an admin action)."""
    return OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.FAILED).update(
        status=OutboundEmail.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
) -> AuditEvent:
    """Append an audit event. `actor` is a user or None (the system)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
        object_id = object_id or str(obj.pk)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if authenticated else None,
        actor_email=getattr(actor, "email", "") if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:500],
    )


# --- Retention of the plumbing's own records ---------------------------------------------------


def outbox_forget(*, emails: models.QuerySet[OutboundEmail]) -> int:
    """Remove what sent (or given-up) emails said: their bodies hold live links (password reset, email
    confirmation, status pages). A row with a dedupe key keeps only that key, its category, status and dates, so
    the email is still never sent twice; any other row is deleted. Pending emails are left to be sent."""
    done = emails.exclude(status=OutboundEmail.Status.PENDING)
    forgotten = done.exclude(dedupe_key=None).update(
        to="", subject="", body_text="", body_html="", headers={}, last_error=""
    )
    deleted, _ = done.filter(dedupe_key=None).delete()
    return forgotten + deleted


def records_purge_expired(*, now: Any = None) -> dict[str, int]:
    """The plumbing's part of the daily retention purge: sent emails older than OUTBOX_RETENTION_DAYS and sign-in
    attempt records (django-axes) older than SIGN_IN_ATTEMPT_RETENTION_DAYS. Returns how many of each went."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    now = now or timezone.now()
    emails_cutoff = now - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    attempts_cutoff = now - timedelta(days=settings.SIGN_IN_ATTEMPT_RETENTION_DAYS)
    emails = outbox_forget(
        emails=OutboundEmail.objects.filter(created_at__lt=emails_cutoff).exclude(body_text="", to="")
    )
    attempts = sum(
        model.objects.filter(attempt_time__lt=attempts_cutoff).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )
    return {"emails": emails, "sign-in attempts": attempts}
