"""After one failed publish the web process leaves a dead broker alone for a while (the outbox sweep covers it)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from carers_portal.core.models import OutboundEmail
from tests.support import BASE_DIR, database_url, redis_server

ENQUEUE_THREE = (
    "from django.db import transaction\n"
    "from carers_portal.core.services import email_enqueue\n"
    "for n in range(3):\n"
    "    with transaction.atomic():\n"
    "        email_enqueue(to=f'down{n}@example.com', subject='While down', body_text='b', category='breaker')\n"
)


@pytest.mark.django_db(transaction=True)
def test_only_the_first_publish_tries_a_dead_broker_and_every_email_is_kept() -> None:
    with redis_server() as redis:
        redis_url = f"unix://{redis.socket}"
        redis.stop()
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", ENQUEUE_THREE],
            cwd=BASE_DIR,
            env=os.environ | {"DATABASE_URL": database_url(), "REDIS_URL": redis_url},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Broker unavailable") == 1, result.stdout
    assert OutboundEmail.objects.filter(category="breaker", status=OutboundEmail.Status.PENDING).count() == 3
