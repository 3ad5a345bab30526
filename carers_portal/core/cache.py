"""The Redis cache, degrading gracefully while Redis is unreachable.

django-redis's IGNORE_EXCEPTIONS turns every Redis failure into None. allauth's rate
limits take a lock with `cache.add()` and read None as "someone else holds the lock":
while Redis was down every sign-in, sign-up and password reset waited a second and then
answered 429. So while Redis is unreachable:
- locks and counters (`add`, `incr`, `decr`, `delete`) work in process memory, so a lock
  can be taken and released and the portal's own rate limits keep counting, per process;
- cached data is a miss (`get` returns the default, `set` stores nothing), as before:
  pages are worked out from PostgreSQL, and allauth's limits, which keep their history as
  cached data, fail open (the sign-in lockout that must hold is in PostgreSQL: django-axes).
After a failure Redis is left alone for a few seconds, so an unreachable host costs one
timeout, not one per cache call.
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

    def _down(self) -> bool:
        return time.monotonic() < _Outage.down_until.get(self._server, 0.0)

    def _failed(self, exc: BaseException) -> None:
        with _Outage.lock:
            first = not self._down()
            _Outage.down_until[self._server] = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            logger.warning("Redis unavailable (%s); locks and counters in process memory meanwhile", type(exc).__name__)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A lock or counter operation: Redis, or process memory while it is down."""
        if self._down():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except _REDIS_ERRORS as exc:
            self._failed(exc)
            return getattr(self._fallback, name)(*args, **kwargs)

    def _data(self, name: str, missing: Any, *args: Any, **kwargs: Any) -> Any:
        """A cached-data operation: Redis, or a miss while it is down."""
        if self._down():
            return missing
        try:
            return getattr(RedisCache, name)(self, *args, **kwargs)
        except _REDIS_ERRORS as exc:
            self._failed(exc)
            return missing

    def _miss(self, default: Any) -> Any:
        return default

    # Locks and counters: in process memory while Redis is down.
    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def decr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("decr", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    # Cached data: a miss while Redis is down.
    def get(self, key: Any, default: Any = None, version: Any = None, client: Any = None) -> Any:
        return self._data("get", default, key, default=default, version=version, client=client)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._data("get_many", {}, *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._data("has_key", False, *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._data("set", False, *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._data("set_many", [], *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._data("touch", False, *args, **kwargs)

    def clear(self) -> Any:
        self._fallback.clear()
        return self._call("clear")
