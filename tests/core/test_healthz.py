from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from tests.support import redis_server


@pytest.mark.django_db
def test_healthz_reports_ok_when_database_and_redis_answer(client: Any) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_returns_503_when_redis_is_stopped(client: Any, settings: Any) -> None:
    with redis_server() as redis:
        url = f"unix://{redis.socket}"
        caches = {"default": {**settings.CACHES["default"], "LOCATION": url}}
        with override_settings(CACHES=caches):
            assert client.get("/healthz").status_code == 200
            redis.stop()  # a real Redis, really stopped

            response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "redis": "unavailable"}


@pytest.mark.django_db
def test_readyz_checks_database_redis_and_migrations(client: Any) -> None:
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "migrations": "ok"}


@pytest.mark.django_db
def test_readyz_stays_ready_when_redis_is_stopped_and_reports_it(client: Any, settings: Any) -> None:
    # The portal degrades without Redis (cache misses, outbox waits), so a load balancer must
    # not take every replica out of service: Redis is reported, not fatal.
    with redis_server() as redis:
        caches = {"default": {**settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        with override_settings(CACHES=caches):
            assert client.get("/readyz").json()["redis"] == "ok"
            redis.stop()  # a real Redis, really stopped

            response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "unavailable", "migrations": "ok"}


@pytest.mark.django_db
def test_readyz_stays_ready_with_an_unreachable_redis_address(client: Any, settings: Any) -> None:
    # Port 9 (discard) on 127.0.0.1: nothing listens there, so the connection is refused.
    caches = {"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}}
    with override_settings(CACHES=caches):
        response = client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["redis"] == "unavailable"


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_while_a_migration_is_unapplied(client: Any) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    recorder = MigrationRecorder.Migration.objects
    latest = recorder.filter(app="core").order_by("-id").first()
    assert latest is not None
    latest_name = latest.name
    latest.delete()  # the database now says core's latest migration has not run
    try:
        response = client.get("/readyz")
    finally:
        recorder.create(app="core", name=latest_name)

    assert response.status_code == 503
    assert response.json()["migrations"] == "unavailable"
