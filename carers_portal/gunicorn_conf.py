"""gunicorn settings for production and for the reliability suite (`gunicorn -c python:carers_portal.gunicorn_conf`).

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from gunicorn.glogging import Logger

from carers_portal.core.logging import redact_path

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# gunicorn also reads WEB_CONCURRENCY itself; two or three per core is the usual rule.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads let one process wait on PostgreSQL for one request while serving another.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# No recycling of workers after N requests by default: with the gthread worker a recycle resets
# connections it has already accepted (gunicorn issue #3038, open in 23.0.0). Measured here: 50
# clients for 10 s against 3 workers with max_requests 200 got 363 resets in 31,250 requests;
# with 0, none in 27,122. Set GUNICORN_MAX_REQUESTS only behind a proxy that retries.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
# Header limits: refuse oversized request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# X-Forwarded-Proto and the like are believed only from our own proxy: compose names the nginx
# container's fixed address; the default (gunicorn's own) is this machine, never "*" (anyone).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type hints
    """gunicorn's access log with the redaction in its own fields, not applied afterwards.

    The path loses its query string (searches carry postcodes), link secrets (password-reset and
    email-confirmation keys, unsubscribe, subscribe and resume tokens), ids (referral status pages:
    any UUID), emails, postcodes and phone numbers. The request line, query string, client address,
    user, referrer, user agent, request headers and environment are not available to the format at all.
    """

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        # Percent-encoded again after redaction, so quotes, backslashes and control characters cannot break the JSON.
        path = quote(redact_path(str(atoms.get("U") or "")), safe="/[]:@-._~!$&'()*+,;=")
        atoms.update(U=path, r=f"{atoms['m']} {path} {atoms['H']}", q="", h="-", u="-", f="-", a="-")
        for key in [k for k in atoms if k.endswith(("}i", "}e"))]:
            del atoms[key]  # a missing atom is logged as "-"
        return atoms


logger_class = RedactingLogger
# Access log as JSON; the request id ties a line to the application's own log lines.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = (
    '{"logger": "gunicorn.access", "time": "%(t)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
