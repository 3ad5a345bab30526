"""The emails Celery beat sends: a consultation is open, closes soon (and drafts to finish), has results."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.services import email_enqueue_template
from consultations.models import (
    Consultation,
    Response,
    Subscription,
)
from consultations.services.responses import resume_token_make
from consultations.services.subscriptions import unsubscribe_token_make

REMINDER_BEFORE_CLOSING = timedelta(days=7)


def _notify_subscribers(*, consultation: Consultation, template: str, kind: str) -> int:
    sent = 0
    subscribers = Subscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, topics__overlap=consultation.topics
    ).order_by("pk")
    for subscription in subscribers.iterator(chunk_size=500):
        unsubscribe_url = settings.SITE_URL + reverse(
            "consultations:unsubscribe", kwargs={"token": unsubscribe_token_make(subscription=subscription)}
        )
        email = email_enqueue_template(
            to=subscription.email,
            template=template,
            context={"consultation": consultation, "unsubscribe_url": unsubscribe_url},
            category=f"consultation-{kind}",
            # The subscription, not the address: a dedupe key outlives its outbox row.
            dedupe_key=f"consultation-{kind}:{consultation.pk}:{subscription.pk}",
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        sent += email is not None
    return sent


def _remind_drafts(*, consultation: Consultation) -> int:
    sent = 0
    drafts = Response.objects.filter(consultation=consultation, status=Response.Status.DRAFT).exclude(email="")
    for response in drafts.select_related("consultation").iterator(chunk_size=500):
        if response.user_id:
            url = settings.SITE_URL + reverse("consultations:respond", kwargs={"slug": consultation.slug})
        else:
            url = settings.SITE_URL + reverse(
                "consultations:resume",
                kwargs={"slug": consultation.slug, "token": resume_token_make(response=response)},
            )
        email = email_enqueue_template(
            to=response.email,
            template="consultations/email/draft_reminder",
            context={"consultation": consultation, "resume_url": url},
            category="consultation-reminder",
            dedupe_key=f"consultation-draft-reminder:{consultation.pk}:{response.pk}",
        )
        sent += email is not None
    return sent


def notifications_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Queue the "now open", "closes in 7 days" and "results published" emails that are due.

    Each round runs once per consultation (a timestamp on the consultation, set in the same transaction)
    and each person's email has a dedupe key, so nobody is told twice even if two beats overlap.
    """
    now = now or timezone.now()
    counts = {"opening": 0, "reminder": 0, "results": 0}
    due_open = Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now, opening_notified_at__isnull=True)
    for consultation in due_open:
        with transaction.atomic():
            counts["opening"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/opening", kind="opening"
            )
            Consultation.objects.filter(pk=consultation.pk).update(opening_notified_at=now)
    due_reminder = Consultation.objects.filter(
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE_CLOSING,
        reminder_notified_at__isnull=True,
    )
    for consultation in due_reminder:
        with transaction.atomic():
            counts["reminder"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/reminder", kind="reminder"
            )
            counts["reminder"] += _remind_drafts(consultation=consultation)
            Consultation.objects.filter(pk=consultation.pk).update(reminder_notified_at=now)
    due_results = Consultation.objects.filter(
        closes_at__lte=now, results_published_at__lte=now, results_notified_at__isnull=True
    )
    for consultation in due_results:
        with transaction.atomic():
            counts["results"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/results", kind="results"
            )
            Consultation.objects.filter(pk=consultation.pk).update(results_notified_at=now)
    return counts
