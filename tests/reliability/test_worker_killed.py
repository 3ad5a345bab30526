"""(c) A Celery worker killed with SIGKILL in the middle of a batch of emails.

A batch of outbox emails is published, one task each, to a real Redis. A prefork worker
sends them through an SMTP server that holds every new connection for a moment before
greeting it. When every pool process is in the middle of a send, the whole worker is
SIGKILLed: no shutdown, no acknowledgement, row locks dropped with the connection. A new
worker and the outbox sweep (what beat publishes every minute) must then deliver every
email, and none twice: late acknowledgement leaves the interrupted tasks unacknowledged,
their outbox rows are still pending (the transaction never committed), and the row lock
with its status check stops two senders sending one email.

What this cannot rule out, and no SMTP sender can: a crash in the few milliseconds after
the SMTP server has accepted a message and before our database commit would send that one
email again on retry (at-least-once). The kill here is timed to land mid-send, the moment
a real crash is by far most likely to find a worker sending mail.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from tests.reliability.harness import SmtpSink, Worker, app_env, publish, record_figures, worker
from tests.support import redis_server, wait_until

BATCH = 40
CONCURRENCY = 2
KILL_AFTER = 12  # delivered before the kill


def test_sigkill_mid_batch_loses_and_duplicates_no_email() -> None:
    recipients = [f"kill-{n}@example.com" for n in range(BATCH)]
    with transaction.atomic():
        # Queued with the broker out of reach (no task published from here): we publish below.
        ids = [
            OutboundEmail.objects.create(to=to, subject=f"Batch email {n}", body_text="b", category="reliability").pk
            for n, to in enumerate(recipients)
        ]

    # Emails other scenarios left pending are not due during this one, so the sweep below sends only the batch.
    parked = list(
        OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
        .exclude(pk__in=ids)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=parked).update(next_attempt_at=timezone.now() + timedelta(days=1))

    with redis_server() as redis, SmtpSink(greeting_delay=0.3) as sink:
        redis_url = f"unix://{redis.socket}"
        env = app_env(redis_url=redis_url, extra={"EMAIL_URL": sink.url})
        for email_id in ids:
            publish("carers_portal.core.tasks.outbox_send", [email_id], redis_url=redis_url)

        w = Worker(env, concurrency=CONCURRENCY, name="kill-worker-1")
        w.start()
        try:
            wait_until(lambda: len(sink.delivered) >= KILL_AFTER, timeout=120, interval=0.05)

            def every_sender_mid_send() -> bool:
                with sink.lock:
                    return sink.in_greeting == sink.open_connections == CONCURRENCY

            wait_until(every_sender_mid_send, timeout=30, interval=0.001)
            w.kill()
            killed_at = time.monotonic()
        finally:
            w.stop()  # only if the kill never happened
        delivered_at_kill = len(sink.delivered)
        pending_at_kill = OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.PENDING).count()

        with worker(env, concurrency=CONCURRENCY, name="kill-worker-2"):
            # What beat publishes every minute: the sweep picks up the interrupted emails.
            publish("carers_portal.core.tasks.outbox_flush", [], redis_url=redis_url)
            wait_until(
                lambda: not OutboundEmail.objects.filter(pk__in=ids).exclude(status=OutboundEmail.Status.SENT).exists(),
                timeout=180,
                interval=0.25,
            )
            recovered_in = time.monotonic() - killed_at
            time.sleep(2)  # anything still in flight would show up as a duplicate now
        delivered = Counter(sink.delivered)
    OutboundEmail.objects.filter(pk__in=parked).update(next_attempt_at=timezone.now())

    record_figures(
        "worker killed",
        {
            "batch": BATCH,
            "worker": f"prefork, concurrency {CONCURRENCY}, killed with SIGKILL (whole process group)",
            "delivered before the kill": delivered_at_kill,
            "pending at the kill": pending_at_kill,
            "all sent again within s": round(recovered_in, 1),
            "delivered in total": sum(delivered[to] for to in recipients),
            "delivered more than once": sum(1 for n in delivered.values() if n > 1),
            "lost": sum(1 for to in recipients if delivered[to] == 0),
        },
    )

    assert KILL_AFTER <= delivered_at_kill < BATCH
    assert pending_at_kill == BATCH - delivered_at_kill
    assert all(delivered[to] == 1 for to in recipients), {to: delivered[to] for to in recipients if delivered[to] != 1}
    assert sum(delivered[to] for to in recipients) == BATCH
