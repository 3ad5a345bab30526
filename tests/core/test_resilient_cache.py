from __future__ import annotations

import time
from typing import Any

from django.core.cache import caches
from django.test import override_settings

from tests.support import redis_server


def test_while_redis_is_stopped_locks_and_counters_work_in_memory_and_data_is_a_miss(settings: Any) -> None:
    with redis_server() as redis:
        caches_setting = {"default": {**settings.CACHES["default"], "LOCATION": f"unix://{redis.socket}"}}
        with override_settings(CACHES=caches_setting):
            cache = caches["default"]
            assert cache.add("k", "in redis", 60) is True
            redis.stop()

            assert cache.get("k") is None  # cached data: a miss, worked out again from PostgreSQL
            cache.set("k2", "v")
            assert cache.get("k2") is None
            assert cache.add("lock", True, 10) is True  # allauth's lock: True, not None (which meant 429)
            assert cache.add("lock", True, 10) is False  # and it still excludes a second holder
            cache.delete("lock")
            assert cache.add("lock", True, 10) is True  # released and taken again
            assert cache.add("count", 1, 60) is True
            assert cache.incr("count") == 2  # counters keep counting

            redis.start()
            time.sleep(5.2)  # the outage back-off
            assert cache.get("k") == "in redis"  # appendonly Redis kept it
