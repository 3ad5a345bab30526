"""A referral sent while Redis is down still succeeds; its emails go out through a real worker once Redis returns."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from carers_portal.core.models import OutboundEmail
from services.referrals.models import Referral
from tests.support import BASE_DIR, celery_worker, database_url, redis_server, sent_messages, wait_until

# The "web" side, in its own process with its broker really down: a person walks the journey.
JOURNEY = """
from django.test import Client
from services.models import Service
from tests.referrals.journey import answer_all, send, url
service = Service.objects.get(slug={slug!r})
client = Client(HTTP_HOST="localhost")
response = send(client, service, answer_all(client, service))
assert response.status_code == 302 and response["Location"] == url(service, "confirmation"), response.status_code
print(client.get(response["Location"]).status_code)
"""


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_referral_sent_while_redis_is_down_is_kept_and_its_emails_go_out_later(service_factory: Any) -> None:
    service = service_factory(name="Live Well Kent Dartford")
    mail_dir = Path(tempfile.mkdtemp(prefix="kcp-mail-"))
    with redis_server() as redis:
        redis_url = f"unix://{redis.socket}"
        redis.stop()

        started = time.monotonic()
        env = os.environ | {"DATABASE_URL": database_url(), "REDIS_URL": redis_url}
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", JOURNEY.format(slug=service.slug)],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stdout.strip().endswith("200")
        assert time.monotonic() - started < 60, "a dead broker must not hang the submission"

        referral = Referral.objects.get()
        emails = OutboundEmail.objects.filter(dedupe_key__startswith=f"referral:{referral.pk}:")
        assert sorted(emails.values_list("category", flat=True)) == ["referral_new", "referral_receipt"]
        assert set(emails.values_list("status", flat=True)) == {OutboundEmail.Status.PENDING}

        redis.start()
        with celery_worker(redis_url=redis_url, extra_env={"EMAIL_FILE_PATH": str(mail_dir)}):
            # What beat does every minute: publish the outbox sweep through the returned broker.
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
                env=env,
                check=True,
                capture_output=True,
            )
            wait_until(lambda: not emails.exclude(status=OutboundEmail.Status.SENT).exists(), timeout=60)

    written = sent_messages(mail_dir)
    assert len(written) == 2
    inbox = next(text for text in written if f"To: {service.organisation.referrals_email}" in text)
    receipt = next(text for text in written if "To: alex@example.com" in text)
    assert referral.reference in inbox
    assert "Alex Resident" not in inbox
    assert referral.reference in receipt
