"""Carers: the regulation 3 function, a self-assessment step save, and the reminder sweep at scale.

Builds its own throwaway database (like the tests), with 10,000 carers: 5,000 with a draft
started 4 days ago and 5,000 who submitted 11 months ago. Prints:
- eligibility_indicate: microseconds per call;
- a self-assessment step POST (validate, lock, save): p50/p95 milliseconds;
- the reminder sweep: seconds and SQL queries for the first run (queues every due reminder in the
  outbox and publishes its send task to Redis; no worker runs)
  and for a second run (finds them all already sent: queues none).
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import setup_databases, setup_test_environment, teardown_databases, teardown_test_environment
from django.utils import timezone

CARERS = 10_000
STEP_POSTS_TIMED = 200


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        _run()
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()  # `make bench` runs every benchmark in one process


def _run() -> None:
    from accounts import eligibility as elig
    from accounts import services
    from accounts.models import Assessment, AssessmentVersion, CarerProfile, User
    from tests.accounts.support import PROFILE, STEP_POSTS

    answers = elig.EligibilityAnswers(
        necessary_care=elig.NecessaryCare.YES,
        health=elig.Health.NOT_AFFECTED,
        outcomes=dict.fromkeys(elig.Outcome, elig.Ability.SOME_DIFFICULTY)
        | {elig.Outcome.WORK: elig.Ability.NEEDS_HELP},
        impact=elig.Impact.SIGNIFICANT,
    )
    started = time.perf_counter()
    for _ in range(20_000):
        elig.eligibility_indicate(answers)
    print(f"eligibility_indicate: {(time.perf_counter() - started) / 20_000 * 1e6:.1f} µs per call")

    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"carer{i}@example.com", password="!") for i in range(CARERS)], batch_size=2000
    )
    profile_fields = dict(PROFILE)
    CarerProfile.objects.bulk_create([CarerProfile(user=u, **profile_fields) for u in users], batch_size=2000)
    half = CARERS // 2
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(user=u, answers={"caring": STEP_POSTS["caring"]}, draft_started_at=now - timedelta(days=4))
            if i < half
            else Assessment(user=u, answers=STEP_POSTS)
            for i, u in enumerate(users)
        ],
        batch_size=2000,
    )
    AssessmentVersion.objects.bulk_create(
        [
            AssessmentVersion(
                assessment=a,
                number=1,
                answers=STEP_POSTS,
                about={},
                indication="likely",
                reasons=[],
                submitted_at=services.add_months(now, -11) - timedelta(days=1),
            )
            for a in assessments[half:]
        ],
        batch_size=2000,
    )

    client = Client()
    client.force_login(users[0])
    public_id = assessments[0].public_id
    timings = []
    for i in range(STEP_POSTS_TIMED):
        data = dict(STEP_POSTS["what-matters"], what_matters=f"Answer {i} {uuid.uuid4()}")
        started = time.perf_counter()
        response = client.post(f"/carers/assessment/{public_id}/what-matters/", data)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302
    timings.sort()
    print(
        f"self-assessment step POST: p50 {statistics.median(timings):.1f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms ({STEP_POSTS_TIMED} saves)"
    )

    for label in ("first run", "second run"):
        counter = _QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            queued = services.reminders_send_due()
            seconds = time.perf_counter() - started
        print(
            f"reminder sweep over {CARERS:,} carers, {label}: {queued:,} reminders queued in {seconds:.2f} s, "
            f"{counter.count:,} SQL queries"
        )
