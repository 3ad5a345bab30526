"""The daily retention purge forgets what sent emails said and deletes old sign-in attempts; so does deleting an
account, for the person's own."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from accounts.services import account_delete
from carers_portal.core.models import OutboundEmail
from carers_portal.core.services import email_enqueue
from services.referrals.tasks import referrals_purge_expired

LINK = "https://portal.example/account/password/reset/key/3b-secretkey/"


def _email(*, days_ago: int, status: str = "sent", dedupe_key: str | None = None, to: str = "a@example.com") -> int:
    email = OutboundEmail.objects.create(
        to=to,
        subject="Reset your password",
        body_text=f"Open {LINK}",
        body_html=f"<a href='{LINK}'>Reset</a>",
        headers={"List-Unsubscribe": "<https://portal.example/consultations/unsubscribe/x/>"},
        category="account:password_reset_key",
        dedupe_key=dedupe_key,
        status=status,
    )
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return email.pk


def _attempt(model: Any, *, days_ago: int, username: str = "a@example.com") -> None:
    row = model.objects.create(username=username, ip_address="192.0.2.1", user_agent="x", **_extra(model))
    model.objects.filter(pk=row.pk).update(attempt_time=timezone.now() - timedelta(days=days_ago))


def _extra(model: Any) -> dict[str, Any]:
    if model is AccessAttempt:
        return {"failures_since_start": 3, "get_data": "", "post_data": "", "http_accept": "", "path_info": "/"}
    return {"http_accept": "", "path_info": "/"}


@pytest.mark.django_db
def test_the_daily_purge_forgets_old_sent_emails_and_keeps_what_is_still_needed(settings: Any) -> None:
    settings.OUTBOX_RETENTION_DAYS = 7
    old_sent = _email(days_ago=8)
    old_failed = _email(days_ago=30, status="failed")
    old_once = _email(days_ago=8, dedupe_key="reminder:draft3:assessment:42")
    recent = _email(days_ago=6)
    old_pending = _email(days_ago=8, status="pending")

    referrals_purge_expired()  # the beat task of the daily retention purge

    assert not OutboundEmail.objects.filter(pk__in=[old_sent, old_failed]).exists()
    kept = OutboundEmail.objects.get(pk=old_once)
    assert (kept.to, kept.subject, kept.body_text, kept.body_html, kept.headers) == ("", "", "", "", {})
    assert kept.dedupe_key == "reminder:draft3:assessment:42"
    assert (
        email_enqueue(to="a@example.com", subject="s", body_text="b", category="c", dedupe_key=kept.dedupe_key) is None
    )
    assert LINK in OutboundEmail.objects.get(pk=recent).body_text
    assert LINK in OutboundEmail.objects.get(pk=old_pending).body_text  # not yet sent: still to go


@pytest.mark.django_db
def test_the_daily_purge_deletes_old_sign_in_attempts(settings: Any) -> None:
    settings.SIGN_IN_ATTEMPT_RETENTION_DAYS = 30
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _attempt(model, days_ago=31, username="old@example.com")
        _attempt(model, days_ago=1, username="recent@example.com")

    referrals_purge_expired()

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent@example.com"], model


@pytest.mark.django_db
def test_deleting_an_account_forgets_its_sent_emails_and_sign_in_attempts(user_factory: Any) -> None:
    user = user_factory(email="leaving@example.com")
    sent = _email(days_ago=0, to="Leaving@example.com")
    once = _email(days_ago=0, to="leaving@example.com", dedupe_key="reminder:review:1")
    other = _email(days_ago=0, to="stays@example.com")
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        _attempt(model, days_ago=0, username="leaving@example.com")
        _attempt(model, days_ago=0, username="stays@example.com")

    account_delete(user=user)

    assert not OutboundEmail.objects.filter(pk=sent).exists()
    assert OutboundEmail.objects.get(pk=once).body_text == ""
    assert LINK in OutboundEmail.objects.get(pk=other).body_text
    assert not OutboundEmail.objects.filter(to__iexact="leaving@example.com").exists()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["stays@example.com"], model
