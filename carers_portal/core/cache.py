"""The Redis cache, degrading to a per-process memory cache while Redis is unreachable.

django-redis's IGNORE_EXCEPTIONS turns every Redis failure into None. allauth's rate
limits take a lock with `cache.add()` and read None as "someone else holds the lock":
while Redis was down every sign-in, sign-up and password reset waited a second and then
answered 429. Falling back to a local memory cache keeps pages, submissions and the rate
limits (now per process, so more lenient) working through an outage. After a failure
Redis is left alone for a few seconds, so an unreachable host costs one timeout, not one
per cache call.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger("carers_portal.redis")

RETRY_AFTER_SECONDS = 5.0
_REDIS_ERRORS = (ConnectionInterrupted, RedisError, OSError)


class _Outage:
    """Process-wide, per Redis server: until when to skip it, so every thread sees the outage."""

    lock = threading.Lock()
    down_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = {**params.get("OPTIONS", {}), "IGNORE_EXCEPTIONS": False}
        super().__init__(server, {**params, "OPTIONS": options})
        self._fallback = LocMemCache(
            "kcp-redis-fallback",
            {"TIMEOUT": params.get("TIMEOUT", 300), "KEY_PREFIX": params.get("KEY_PREFIX", ""), "OPTIONS": {}},
        )

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < _Outage.down_until.get(self._server, 0.0):
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except _REDIS_ERRORS as exc:
            with _Outage.lock:
                first = time.monotonic() >= _Outage.down_until.get(self._server, 0.0)
                _Outage.down_until[self._server] = time.monotonic() + RETRY_AFTER_SECONDS
            if first:
                logger.warning("Redis unavailable (%s); using the local fallback cache", type(exc).__name__)
            return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def decr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("decr", *args, **kwargs)

    def clear(self) -> Any:
        self._fallback.clear()
        return self._call("clear")
