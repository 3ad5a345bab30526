from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.test import override_settings

from tests.support import redis_server


def test_the_cache_falls_back_to_memory_while_redis_is_stopped_and_returns_to_redis(settings: Any) -> None:
    with redis_server() as redis:
        caches_setting = {"default": {**settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        with override_settings(CACHES=caches_setting):
            cache = caches["default"]
            assert cache.add("k", "in redis", 60) is True
            redis.stop()

            assert cache.get("k") is None  # Redis is gone; the fallback starts empty
            assert cache.add("lock", True, 10) is True  # allauth's lock: True, not None
            assert cache.add("lock", True, 10) is False  # and it still excludes a second holder
            assert cache.get("lock") is True

            redis.start()
            time.sleep(5.2)  # the outage back-off
            assert cache.get("k") == "in redis"  # appendonly Redis kept it
