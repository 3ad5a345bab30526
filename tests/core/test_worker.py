"""A real Celery worker, a real Redis broker and the real test database."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import transaction

from carers_portal.core.models import OutboundEmail
from carers_portal.core.services import email_enqueue
from tests.support import BASE_DIR, celery_worker, database_url, redis_server, sent_messages, wait_until


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_an_outbox_email_through_redis() -> None:
    mail_dir = Path(tempfile.mkdtemp(prefix="kcp-mail-"))
    with celery_worker(redis_url=os.environ["REDIS_URL"], extra_env={"EMAIL_FILE_PATH": str(mail_dir)}):
        with transaction.atomic():
            email = email_enqueue(
                to="carer@example.com", subject="Worker test", body_text="Sent by a real worker.", category="test"
            )
        assert email is not None

        wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT, timeout=60)

    email.refresh_from_db()
    assert email.attempts == 1
    written = "".join(path.read_text() for path in mail_dir.iterdir())
    assert "Subject: Worker test" in written
    assert "To: carer@example.com" in written


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_emails_queued_while_redis_is_down_go_out_once_it_returns() -> None:
    mail_dir = Path(tempfile.mkdtemp(prefix="kcp-mail-"))
    enqueue = (
        "from django.db import transaction\n"
        "from carers_portal.core.services import email_enqueue\n"
        "with transaction.atomic():\n"
        "    email_enqueue(to='later@example.com', subject='Queued while down', body_text='b', category='test')\n"
    )
    with redis_server() as redis:
        redis_url = f"unix://{redis.socket}"
        redis.stop()

        # The "web" side, in its own process, with its broker really down.
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", enqueue],
            cwd=BASE_DIR,
            env=os.environ | {"DATABASE_URL": database_url(), "REDIS_URL": redis_url},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert time.monotonic() - started < 30, "publishing to a dead broker must not hang the request"
        email = OutboundEmail.objects.get(subject="Queued while down")
        assert email.status == OutboundEmail.Status.PENDING

        redis.start()
        with celery_worker(redis_url=redis_url, extra_env={"EMAIL_FILE_PATH": str(mail_dir)}):
            # What beat does every minute: publish the sweep through the returned broker.
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "carers_portal",
                    "call",
                    "carers_portal.core.tasks.outbox_flush",
                ],
                cwd=BASE_DIR,
                env=os.environ | {"DATABASE_URL": database_url(), "REDIS_URL": redis_url},
                check=True,
                capture_output=True,
            )
            wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT, timeout=60)

    assert len(sent_messages(mail_dir)) == 1
