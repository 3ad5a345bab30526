"""A small fixed-window rate limit in the Redis cache, for anonymous submissions.

If Redis is down the cache falls back to process memory (carers_portal.core.cache), so
the limit is counted per process: looser, never refusing a resident wrongly, and never
refusing everyone because a cache is unavailable.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest


def client_fingerprint(request: HttpRequest) -> str:
    """A hashed client address (never stored or logged in clear).

    The address comes from `client_ip`, which trusts X-Forwarded-For only as far as our
    own proxies: the left-most entry is whatever the client chose to send.
    """
    from carers_portal.core.security import client_ip

    return hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


def rate_limit_exceeded(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for (scope, key); True once more than `limit` fall in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit < 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window_seconds)
        return limit < 1
    if count is None:  # no count at all: fail open
        return False
    return int(count) > limit
