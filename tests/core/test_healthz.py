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
