"""Helpers shared by tests: real Valkey (Redis) servers, real Celery workers, database URLs for subprocesses,
and data seeded once for a module."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from carers_portal.embedded import EmbeddedRedis

BASE_DIR = Path(__file__).resolve().parent.parent


def wait_until(predicate: Callable[[], object], timeout: float = 30, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def database_url() -> str:
    """The URL of the database the tests are using (the test database), for a subprocess."""
    s = connection.settings_dict
    host = quote(s["HOST"] or "", safe="")
    port = f":{s['PORT']}" if s["PORT"] else ""
    password = f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else ""
    return f"postgres://{quote(s['USER'])}{password}@{host}{port}/{s['NAME']}"


@contextmanager
def redis_server() -> Iterator[EmbeddedRedis]:
    """A throwaway real Valkey on its own Unix socket (short path: sockets have a length limit)."""
    directory = Path(tempfile.mkdtemp(prefix="kcp-redis-"))
    server = EmbeddedRedis(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def celery_worker(*, redis_url: str, extra_env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """A real Celery worker process, on the test database and the given Redis."""
    env = os.environ | {"DATABASE_URL": database_url(), "REDIS_URL": redis_url} | (extra_env or {})
    log = tempfile.NamedTemporaryFile(prefix="kcp-worker-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "carers_portal", "worker", "--pool", "solo", "--loglevel", "INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def sent_messages(mail_dir: Path) -> list[str]:
    """Every message Django's file-based email backend wrote to `mail_dir`, oldest first.

    The backend appends to one file per backend instance (named by time and object id), so two
    messages sent in the same second can share a file; count messages, never files.
    """
    separator = "\n" + "-" * 79 + "\n"
    messages: list[str] = []
    for path in sorted(mail_dir.iterdir(), key=lambda p: p.stat().st_mtime):
        messages.extend(part for part in path.read_text().split(separator) if part.strip())
    return messages


@contextmanager
def seeded_once_per_module(
    request: Any, django_db_blocker: Any, fixture: str, seed: Callable[[], object]
) -> Iterator[bool]:
    """For a module-scoped fixture behind `fixture`: when every test of the module asks for `fixture`,
    run `seed` once and keep its rows for the whole module, then roll them back (yields True); otherwise
    do nothing (yields False) and `fixture` seeds for each test itself.

    Django's `TestCase.setUpTestData` pattern: one transaction around the module; each test's own
    transaction (pytest-django's `db`) becomes a savepoint inside it, so what a test changes is undone
    before the next test. Only while every test of the module uses the data, so that no test sees rows
    it did not ask for. Tests that commit (`transactional_db`, `live_server`) cannot use it.
    """
    module = request.node
    items = [item for item in request.session.items if item.getparent(pytest.Module) is module]
    if not all(fixture in item.fixturenames for item in items):
        yield False
        return
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # type: ignore[attr-defined]  # as TestCase marks its own (durable=True)
        atomic.__enter__()
        try:
            seed()
            # Check the seeded rows' deferred foreign keys now, once, rather than at every test's end.
            connection.check_constraints()
            yield True
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def transactional(request: Any) -> bool:
    """Whether this test commits (transactional_db, live_server or django_db(transaction=True))."""
    marker = request.node.get_closest_marker("django_db")
    return bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
        or (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
