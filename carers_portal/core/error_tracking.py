"""Error tracking with Sentry (sentry-sdk): off unless SENTRY_DSN is set.

Every event and breadcrumb goes through the same redaction as the logs (carers_portal.core.logging.redact)
before it leaves the process; request bodies, cookies, query strings and local variables are never sent.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.transport import Transport

from carers_portal.core.logging import redact

# Fields Sentry itself fills in that hold no personal data (and that redaction could only damage).
_KEEP = frozenset({"event_id", "timestamp", "start_timestamp", "level", "platform", "sdk", "modules", "release"})
_SECRET_HEADERS = frozenset({"cookie", "authorization", "x-csrftoken", "proxy-authorization"})


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event: Any, hint: Any = None) -> Any:
    """The event with personal data taken out: what the logs would have shown, no more."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("cookies", "data", "env"):
            request.pop(key, None)
        if request.get("query_string"):
            request["query_string"] = "[query removed]"
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {k: v for k, v in headers.items() if k.lower() not in _SECRET_HEADERS}
    return {key: value if key in _KEEP else _scrub(value) for key, value in event.items()}


def scrub_breadcrumb(crumb: Any, hint: Any = None) -> Any:
    return _scrub(crumb)


def error_tracking_init(*, dsn: str, environment: str, transport: Transport | None = None) -> None:
    """Send unhandled errors (web requests, Celery tasks) and error-level log lines to Sentry."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # Collect nothing about people: no user, cookies, bodies, query strings, SQL values or local variables.
        data_collection={
            "user_info": False,
            "cookies": {"mode": "off"},
            "http_bodies": [],
            "url_query_params": {"mode": "off"},
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        transport=transport,
    )
