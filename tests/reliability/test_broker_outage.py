"""(b) Broker outage: the real Redis is stopped in the middle of a run, then started again.

People keep reading pages, signing up and asking services for help (referrals) throughout. While Redis is down pages and
sign-ups must keep working (sessions are in PostgreSQL, the cache falls back to memory,
publishing a task fails fast and the outbox row is already committed). Once Redis is back
and the sweep beat publishes every minute has run, every verification email has gone out
exactly once: counted in the outbox and in the mail files the worker wrote.
"""

from __future__ import annotations

import http.client
import os
import random
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from tests.reliability.harness import (
    RUN_DIR,
    Person,
    Recorder,
    app_env,
    gunicorn,
    mail_recipients,
    publish,
    record_figures,
    run_people,
    worker,
)
from tests.reliability.site import CONTENT_PAGES, Outcomes, discover, expect, fill_in, sign_up
from tests.reliability.stored import stored_once
from tests.support import redis_server, wait_until

PEOPLE = 6
PHASE_SECONDS = {"before": 10.0, "during": 15.0, "after": 10.0}


def _status(base_url: str, path: str) -> int:
    connection = http.client.HTTPConnection(
        base_url.removeprefix("http://").split(":")[0], int(base_url.rsplit(":", 1)[1]), timeout=30
    )
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_redis_stopped_mid_run_loses_and_duplicates_nothing() -> None:
    mail_dir = Path(RUN_DIR / "mail-outage")
    recorders = {phase: Recorder() for phase in PHASE_SECONDS}
    outcomes = {phase: Outcomes() for phase in PHASE_SECONDS}
    health: dict[str, int] = {}
    site = discover()
    started = timezone.now()
    # Emails other scenarios left pending are not due during this one: the sweep below sends only its own.
    parked = list(OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).values_list("pk", flat=True))
    OutboundEmail.objects.filter(pk__in=parked).update(next_attempt_at=started + timedelta(days=1))

    def journey_for(phase: str):  # type: ignore[no-untyped-def]
        def journey(person: Person, rng: random.Random, n: int) -> None:
            expect(outcomes[phase], person.get("page", rng.choice(CONTENT_PAGES)), "page", 200)
            roll = rng.random()
            if roll < 0.4:
                sign_up(person, outcomes[phase], f"outage-{phase}-{n}@example.com")
            elif roll < 0.7 and site.referral_forms:
                marker = f"Outage{phase}ref{n}z"
                if fill_in(person, "referral", rng.choice(site.referral_forms), rng, marker):
                    outcomes[phase].add("referrals", marker)
            rng_sleep = rng.uniform(0.8, 2.0)
            import time

            time.sleep(rng_sleep)

        return journey

    with redis_server() as redis:
        redis_url = f"unix://{redis.socket}"
        env = app_env(redis_url=redis_url, mail_dir=mail_dir)
        with gunicorn(env, workers=2, name="outage") as web, worker(env, concurrency=2, name="outage-worker"):
            run_people(
                count=PEOPLE,
                seconds=PHASE_SECONDS["before"],
                journey=journey_for("before"),
                base_url=web.base_url,
                recorder=recorders["before"],
            )

            redis.stop()  # the real valkey-server process, terminated
            health["healthz during outage"] = _status(web.base_url, "/healthz")
            run_people(
                count=PEOPLE,
                seconds=PHASE_SECONDS["during"],
                journey=journey_for("during"),
                base_url=web.base_url,
                recorder=recorders["during"],
                seed=7,
            )

            redis.start()
            run_people(
                count=PEOPLE,
                seconds=PHASE_SECONDS["after"],
                journey=journey_for("after"),
                base_url=web.base_url,
                recorder=recorders["after"],
                seed=11,
            )
            health["healthz after"] = _status(web.base_url, "/healthz")

            # What beat publishes every minute: the sweep that sends whatever is still pending.
            publish("carers_portal.core.tasks.outbox_flush", [], redis_url=redis_url)
            accepted = [email for phase in PHASE_SECONDS for email in outcomes[phase].signups]
            ours = OutboundEmail.objects.filter(created_at__gte=started).exclude(pk__in=parked)
            wait_until(lambda: not ours.exclude(status=OutboundEmail.Status.SENT).exists(), timeout=120, interval=0.5)
    OutboundEmail.objects.filter(pk__in=parked).update(next_attempt_at=timezone.now())

    sent = Counter(mail_recipients(mail_dir))
    rows = Counter(ours.filter(category="account:email_confirmation_signup").values_list("to", flat=True))
    referrals = [marker for phase in PHASE_SECONDS for marker in outcomes[phase].referrals]
    referrals_ok, referral_note = stored_once("referral", referrals)
    figures = {
        "people": PEOPLE,
        "phases (s)": PHASE_SECONDS,
        **health,
        **{f"statuses {phase}": recorders[phase].statuses() for phase in PHASE_SECONDS},
        **{f"latency ms {phase}": recorders[phase].latency_ms() for phase in PHASE_SECONDS},
        "sign-up submit latency ms during outage": recorders["during"].latency_ms("sign-up submit"),
        **{f"sign-ups accepted {phase}": len(outcomes[phase].signups) for phase in PHASE_SECONDS},
        **{f"referrals accepted {phase}": len(outcomes[phase].referrals) for phase in PHASE_SECONDS},
        "referrals stored": referral_note,
        "emails queued in the outbox during the run": ours.count(),
        "emails delivered (mail files)": sum(sent.values()),
        "sign-ups with other than exactly one verification email": sum(1 for e in accepted if sent[e] != 1),
    }
    record_figures("broker outage", figures)

    for phase in PHASE_SECONDS:
        assert not recorders[phase].server_errors(), (phase, recorders[phase].statuses())
        assert not outcomes[phase].unexpected, (phase, outcomes[phase].unexpected)
    assert outcomes["during"].signups, "no sign-up was accepted while Redis was down"
    assert health == {"healthz during outage": 503, "healthz after": 200}
    assert all(rows[email] == 1 for email in accepted), "a sign-up has no verification email, or two"
    assert all(sent[email] == 1 for email in accepted), {e: sent[e] for e in accepted if sent[e] != 1}
    assert sum(sent.values()) == ours.count(), "every queued email delivered exactly once, none twice"
    assert referrals_ok, referral_note
    assert os.environ["REDIS_URL"] != redis_url  # the suite's own Redis was never touched
