"""(d) PostgreSQL restarted under the running portal: it must recover without being restarted itself.

gunicorn keeps database connections open between requests (CONN_MAX_AGE). A fast
restart cuts every one of them. Requests while the database is down must get an
honest 503 ("try again shortly"), never a 500; every request that starts after
PostgreSQL is back must succeed, on the same gunicorn worker
processes, because CONN_HEALTH_CHECKS replaces a dead connection before using it.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter

from accounts.models import User
from tests.reliability.harness import Person, Recorder, app_env, gunicorn, postgres_restart, record_figures, run_people
from tests.reliability.site import Outcomes, sign_up


def test_the_portal_recovers_from_a_postgresql_restart_without_restarting() -> None:
    recorder, outcomes = Recorder(), Outcomes()
    env = app_env(redis_url=os.environ["REDIS_URL"])

    def journey(person: Person, rng: random.Random, n: int) -> None:
        person.get("readyz", "/readyz")  # reads the database
        if rng.random() < 0.3:
            sign_up(person, outcomes, f"pg-{n}@example.com")
        time.sleep(rng.uniform(0.2, 0.6))

    with gunicorn(env, workers=2, name="pg") as web:
        pids = web.worker_pids()
        warm = Recorder()
        for n in range(20):  # every worker thread now holds an open connection
            Person(web.base_url, f"10.9.0.{n + 1}", warm).get("readyz", "/readyz")
        assert warm.statuses() == {"200": 20}

        load = threading.Thread(
            target=run_people,
            kwargs={"count": 4, "seconds": 25, "journey": journey, "base_url": web.base_url, "recorder": recorder},
        )
        load.start()
        time.sleep(6)
        restart_began = time.monotonic()
        down_for = postgres_restart()
        back_at = time.monotonic()
        load.join(timeout=120)

        after = Recorder()
        checker = Person(web.base_url, "10.9.1.1", after)
        for _ in range(10):
            checker.get("readyz", "/readyz")
        sign_up(checker, outcomes, "pg-after-restart@example.com")
        same_workers = web.worker_pids() == pids

    during = [h for h in recorder.hits if h.at >= restart_began and h.at - h.seconds <= back_at]
    started_after = [h for h in recorder.hits if h.at - h.seconds > back_at] + after.hits
    record_figures(
        "postgresql restart",
        {
            "restart (pg_ctl restart -m fast) took s": round(down_for, 2),
            "requests overlapping the restart": len(during),
            "statuses while it restarted": dict(Counter(str(h.status) for h in during)),
            "requests started after it": len(started_after),
            "statuses after": dict(Counter(str(h.status) for h in started_after)),
            "same gunicorn workers": same_workers,
        },
    )

    assert same_workers, "gunicorn workers were replaced: the app did not recover by itself"
    # While it was down: answered, and honestly (503 "try again shortly"), never a 500 or a dropped connection.
    assert all(h.status in (200, 302, 503) for h in during), Counter((h.kind, h.status) for h in during)
    assert started_after
    assert all(h.status in (200, 302) for h in started_after), Counter((h.kind, h.status) for h in started_after)
    assert User.objects.filter(email="pg-after-restart@example.com").count() == 1
