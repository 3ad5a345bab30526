from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from carers_portal.core.logging import PersonalDataFilter, redact


@pytest.mark.parametrize(
    ("text", "leak"),
    [
        ("Not Found: /services/?postcode=ME14+1XX&q=dementia", "ME14"),
        ("signup for Jo.Bloggs+kent@example.co.uk failed", "Jo.Bloggs"),
        ("call 07700 900123 please", "900123"),
        ("landline 01622 694000", "694000"),
        ("postcode ct1 2ab in text", "ct1 2ab"),
        ("GET /account/confirm-email/MQ:1vX-secretkey/", "secretkey"),
        ("GET /account/password/reset/key/1-abc123-token/", "abc123"),
        ("GET /referrals/0b7e2c54-3f1e-4a65-9a5a-2f1f4b0c9d11/", "0b7e2c54"),
        ("GET /consultations/x/respond/resume/eyJyIjo1fQ:1abc:sig/", "eyJyIjo1fQ"),
        ("GET /consultations/unsubscribe/NDI:1vX:sig/", "NDI"),
        ("GET /consultations/subscribe/confirm/gAAAAABsecret/", "gAAAAABsecret"),
        ("GET /carers/reminders/unsubscribe/Nw:1vX:sig/", "Nw:1vX"),
    ],
)
def test_redact_removes_personal_data(text: str, leak: str) -> None:
    assert leak not in redact(text)


def test_redact_keeps_ordinary_text() -> None:
    assert redact("Email 42 failed to send (attempt 3)") == "Email 42 failed to send (attempt 3)"


def test_the_filter_cleans_arguments_tracebacks_and_extra_fields() -> None:
    try:
        raise ValueError("duplicate key (email)=(carer@example.com)")
    except ValueError:
        import sys

        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Failed: %s", ("a@b.com",), exc_info)
    record.request = "<WSGIRequest: GET '/services/?postcode=TN1 1AA'>"

    assert PersonalDataFilter().filter(record)

    formatted = logging.Formatter("%(message)s %(request)s").format(record)
    assert "a@b.com" not in formatted
    assert "carer@example.com" not in formatted
    assert "TN1 1AA" not in formatted
    assert "[email]" in formatted


@pytest.mark.django_db
def test_a_request_with_personal_data_in_the_query_string_leaves_none_in_the_log(client: Any) -> None:
    import io

    handler = next(h for h in logging.getLogger("django").handlers if isinstance(h, logging.StreamHandler))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    try:
        client.get("/no-such-page/?postcode=ME14%201XX&email=carer%40example.com&phone=07700900123")
    finally:
        handler.setStream(previous)

    out = buffer.getvalue()
    lines = [json.loads(line) for line in out.splitlines()]
    assert any(line.get("logger") == "django.request" for line in lines), out
    for leak in ("ME14", "carer", "07700900123", "postcode="):
        assert leak not in out
