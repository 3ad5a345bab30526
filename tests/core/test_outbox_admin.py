from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from carers_portal.core.selectors import outbox_backlog


def _email(status: str, **extra: Any) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to="a@example.com", subject="s", body_text="b", category="t", status=status, **extra
    )


@pytest.mark.django_db
def test_the_backlog_counts_waiting_due_failed_and_sent() -> None:
    now = timezone.now()
    _email("pending", created_at=now - timedelta(minutes=90))
    _email("pending", next_attempt_at=now + timedelta(hours=1))
    _email("failed")
    _email("sent", sent_at=now)

    backlog = outbox_backlog()

    assert (backlog.pending, backlog.pending_due, backlog.failed, backlog.sent_last_24_hours) == (2, 1, 1, 1)
    assert backlog.oldest_pending_minutes == 90


@pytest.mark.django_db
def test_staff_see_the_backlog_and_can_retry_failed_emails(
    client: Any, staff_user_factory: Any, staff_login: Any
) -> None:
    admin = staff_user_factory(email="commissioner@example.com", staff_role="commissioner", is_superuser=True)
    staff_login(client, admin)
    failed = _email("failed", attempts=8)

    page = client.get("/staff/core/outboundemail/")
    retried = client.post(
        "/staff/core/outboundemail/", {"action": "retry_failed", "_selected_action": [failed.pk]}, follow=True
    )

    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="outbox-backlog"' in html
    assert "Failed (gave up" in html
    assert retried.status_code == 200
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.PENDING
    assert failed.attempts == 0
