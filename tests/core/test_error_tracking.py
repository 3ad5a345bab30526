"""Error tracking: off without SENTRY_DSN; every event redacted as the logs are (a real sentry_sdk client,
with a transport that keeps events in a list instead of sending them anywhere)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
import sentry_sdk
from django.core.handlers.wsgi import WSGIHandler
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from carers_portal.core.error_tracking import error_tracking_init
from tests.support import BASE_DIR

PERSONAL = ["jo.bloggs@example.com", "CT1 1AA", "07700 900123", "sessionid-secret"]


class CapturingTransport(Transport):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        for item in envelope.items:
            if item.type in {"event", "transaction"} and item.payload.json is not None:
                self.events.append(item.payload.json)


@pytest.fixture
def sent() -> Iterator[list[dict[str, Any]]]:
    transport = CapturingTransport()
    error_tracking_init(dsn="https://public@errors.invalid/1", environment="test", transport=transport)
    try:
        yield transport.events
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def _client_active(extra_env: dict[str, str]) -> bool:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")} | extra_env
    code = "import django; django.setup(); import sentry_sdk; print(sentry_sdk.get_client().is_active())"
    env["DJANGO_SETTINGS_MODULE"] = "carers_portal.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip() == "True"


def test_error_tracking_is_off_unless_a_dsn_is_set() -> None:
    assert _client_active({}) is False
    # Nothing is sent by this: the process only starts and ends.
    assert _client_active({"SENTRY_DSN": "https://public@errors.invalid/1"}) is True


@pytest.mark.django_db(transaction=True)  # a real WSGI request closes its connection at the end
def test_an_unhandled_error_in_a_request_is_sent_without_personal_data(
    settings: Any, sent: list[dict[str, Any]]
) -> None:
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    environ: dict[str, Any] = {}
    setup_testing_defaults(environ)
    environ |= {
        "PATH_INFO": "/boom-personal/",
        "QUERY_STRING": "postcode=CT1+1AA&email=jo.bloggs%40example.com",
        "HTTP_COOKIE": "sessionid=sessionid-secret",
        "HTTP_REFERER": "http://127.0.0.1/search/?postcode=CT1+1AA",
    }
    statuses: list[str] = []

    # Through Django's WSGI handler, as gunicorn calls it, so Sentry sees the request as in production.
    body = b"".join(WSGIHandler()(environ, lambda status, headers, *_: statuses.append(status)))
    sentry_sdk.flush()

    assert statuses == ["500 Internal Server Error"], body[:200]
    (event,) = [e for e in sent if e.get("exception")]
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == "Could not email [email] about [postcode], phone [phone]"
    assert event["request"]["url"] == "http://127.0.0.1/boom-personal/"
    assert event["request"].get("query_string") in {None, "", "[query removed]"}
    assert "Cookie" not in event["request"]["headers"]
    text = json.dumps(event)
    for value in PERSONAL:
        assert value not in text


def test_error_log_lines_and_their_breadcrumbs_are_redacted(sent: list[dict[str, Any]]) -> None:
    logger = logging.getLogger("carers_portal.test")
    logger.warning("Looked up %s", "CT1 1AA")  # a breadcrumb on the next event
    logger.error("Referral email to %s failed, call %s", "jo.bloggs@example.com", "07700 900123")
    sentry_sdk.flush()

    (event,) = sent
    logentry = event["logentry"]
    assert (logentry.get("formatted") or logentry["message"] % tuple(logentry["params"])) == (
        "Referral email to [email] failed, call [phone]"
    )
    assert [c["message"] for c in event["breadcrumbs"]["values"]][-1] == "Looked up [postcode]"
    text = json.dumps(event)
    for value in PERSONAL:
        assert value not in text


def test_messages_sent_directly_are_redacted_too(sent: list[dict[str, Any]]) -> None:
    with sentry_sdk.new_scope() as scope:
        scope.set_extra("recipient", "jo.bloggs@example.com")
        sentry_sdk.capture_message("Bounce from jo.bloggs@example.com (CT1 1AA)")
    sentry_sdk.flush()

    (event,) = sent
    assert event["message"] == "Bounce from [email] ([postcode])"
    assert event["extra"]["recipient"] == "[email]"
