from __future__ import annotations

import socket
from typing import Any

import pytest
from django.core import mail

from carers_portal.core.models import OutboundEmail
from carers_portal.core.services import email_enqueue, outbox_flush, outbox_retry, outbox_send


def _enqueue(**overrides: Any) -> OutboundEmail:
    fields: dict[str, Any] = {
        "to": "resident@example.com",
        "subject": "Your request",
        "body_text": "We have your request.",
        "category": "test",
    } | overrides
    email = email_enqueue(**fields)
    assert email is not None
    return email


@pytest.mark.django_db
def test_an_email_is_sent_once_even_when_the_task_runs_twice() -> None:
    email = _enqueue()

    assert outbox_send(email_id=email.pk) is True
    assert outbox_send(email_id=email.pk) is False

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None


@pytest.mark.django_db
def test_a_dedupe_key_promises_an_email_only_once() -> None:
    first = email_enqueue(to="a@example.com", subject="s", body_text="b", category="c", dedupe_key="k1")
    second = email_enqueue(to="a@example.com", subject="s", body_text="b", category="c", dedupe_key="k1")

    assert first is not None
    assert second is None
    assert OutboundEmail.objects.filter(dedupe_key="k1").count() == 1


@pytest.mark.django_db
def test_a_failed_send_is_kept_for_retry(settings: Any) -> None:
    # A real SMTP connection to a port nobody listens on.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2
    email = _enqueue()

    assert outbox_send(email_id=email.pk) is False

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.PENDING
    assert email.attempts == 1
    assert "ConnectionRefusedError" in email.last_error
    assert email.next_attempt_at > email.created_at


@pytest.mark.django_db
def test_flush_sends_only_what_is_due() -> None:
    due = _enqueue(to="due@example.com")
    later = _enqueue(to="later@example.com")
    OutboundEmail.objects.filter(pk=later.pk).update(next_attempt_at=later.created_at.replace(year=2999))

    assert outbox_flush() == 1

    assert [m.to for m in mail.outbox] == [["due@example.com"]]
    due.refresh_from_db()
    assert due.status == OutboundEmail.Status.SENT


@pytest.mark.django_db
def test_retry_puts_failed_emails_back_in_the_queue() -> None:
    email = _enqueue()
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.FAILED, attempts=8)

    assert outbox_retry(email_ids=[email.pk]) == 1

    assert outbox_flush() == 1
    assert len(mail.outbox) == 1
