from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory, override_settings

from carers_portal.core.ratelimit import client_fingerprint, rate_limit_exceeded
from tests.support import redis_server


def test_the_limit_allows_up_to_n_attempts_in_the_window() -> None:
    results = [rate_limit_exceeded(scope="test", key="client-a", limit=3, window_seconds=60) for _ in range(5)]

    assert results == [False, False, False, True, True]
    assert rate_limit_exceeded(scope="test", key="client-b", limit=3, window_seconds=60) is False


def test_the_limit_still_counts_per_process_when_redis_is_down(settings: Any) -> None:
    with redis_server() as redis:
        caches = {"default": {**settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        redis.stop()
        with override_settings(CACHES=caches):
            results = [rate_limit_exceeded(scope="t", key="k", limit=2, window_seconds=60) for _ in range(4)]

    # The first attempts always pass; the limit holds in the local fallback cache.
    assert results == [False, False, True, True]


def test_client_fingerprint_is_a_hash_not_the_address() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    fingerprint = client_fingerprint(request)

    assert "203.0.113.9" not in fingerprint
    assert len(fingerprint) == 32
    assert fingerprint == client_fingerprint(RequestFactory().get("/", REMOTE_ADDR="203.0.113.9"))
    assert fingerprint != client_fingerprint(RequestFactory().get("/", REMOTE_ADDR="203.0.113.10"))


@pytest.mark.parametrize("value", ["", "http://spam.example"])
def test_the_honeypot_flags_only_a_filled_field(value: str) -> None:
    from carers_portal.core.forms import GovForm, HoneypotMixin

    class Form(HoneypotMixin, GovForm):
        pass

    form = Form(data={"website": value})
    assert form.is_valid()
    assert form.is_bot() is bool(value)
