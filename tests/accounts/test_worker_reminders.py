"""Reminders through a real Celery worker and a real Redis: queued once, sent once."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accounts import services
from accounts.models import Assessment
from carers_portal.core.models import OutboundEmail
from tests.support import BASE_DIR, celery_worker, database_url, sent_messages, wait_until


def beat_calls(task: str) -> None:
    """What beat does on schedule: publish the task through the broker."""
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "carers_portal", "call", task],
        cwd=BASE_DIR,
        env=os.environ | {"DATABASE_URL": database_url()},
        check=True,
        capture_output=True,
    )


def old_draft(user: Any) -> None:
    assessment = services.assessment_get_or_create(user=user)
    Assessment.objects.filter(pk=assessment.pk).update(
        answers={"caring": {"tasks": ["meals"]}}, draft_started_at=timezone.now() - timedelta(days=4)
    )


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_draft_reminder_once(carer_factory: Any) -> None:
    old_draft(carer_factory())
    mail_dir = Path(tempfile.mkdtemp(prefix="kcp-mail-"))

    with celery_worker(redis_url=os.environ["REDIS_URL"], extra_env={"EMAIL_FILE_PATH": str(mail_dir)}):
        beat_calls("accounts.tasks.reminders_send_due")
        wait_until(lambda: OutboundEmail.objects.filter(category="reminder:draft", status="sent").exists(), timeout=60)
        # The next sweep: a second carer's draft is now due too, so we can see the sweep has run.
        old_draft(carer_factory(email="second@example.com"))
        beat_calls("accounts.tasks.reminders_send_due")
        wait_until(lambda: OutboundEmail.objects.filter(to="second@example.com", status="sent").exists(), timeout=60)

    assert OutboundEmail.objects.filter(category="reminder:draft", to="carer@example.com").count() == 1
    messages = sent_messages(mail_dir)
    assert len(messages) == 2
    written = messages[0]
    assert "Subject: Finish your carer's self-assessment" in written
    assert "To: carer@example.com" in written
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in written
