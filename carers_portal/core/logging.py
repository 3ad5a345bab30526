"""A request id carried through logs, so one request's lines can be found together."""

from __future__ import annotations

import contextvars
import logging
import re

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


# Personal data must never reach the logs: emails, postcodes, phone numbers, query
# strings (searches carry postcodes), the secret keys and tokens in links (email
# confirmation, password reset, unsubscribe, subscribe confirmation, consultation resume)
# and ids (referral status pages, self-assessments: any UUID) are replaced before a line
# is written. deploy/nginx.conf's log format removes the same link secrets.
SECRET_LINK_PREFIXES = ("confirm-email", "password/reset/key", "unsubscribe", "subscribe/confirm", "respond/resume")
_REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(/(?:{'|'.join(SECRET_LINK_PREFIXES)})/)[^/\s'\"?]+"), r"\1[token]"),
    (re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"), "[id]"),
    (re.compile(r"(/[^\s?'\"]*)\?[^\s'\"]*"), r"\1?[query removed]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
    (re.compile(r"(?<![\w.])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)"), "[phone]"),
]
_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "request_id"}


def redact(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def redact_path(path: str) -> str:
    """A request path fit for an access log: no query string, no link secrets, ids or personal data."""
    return redact(path.partition("?")[0])


class ExpectedClientErrorFilter(logging.Filter):
    """No traceback for an expected 4xx (a 403 PermissionDenied, a 404): the one line says it all.

    Django logs them at WARNING with the exception attached; a traceback there reads like a fault and
    buries real ones. Errors (5xx) keep theirs. Listed before PersonalDataFilter, which formats it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class PersonalDataFilter(logging.Filter):
    """Redact personal data from the message, its arguments, any traceback and extra fields."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not lose the line
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD_ATTRS or value is None or isinstance(value, bool | int | float):
                continue
            # e.g. django.request attaches the request, whose repr holds the full URL.
            record.__dict__[key] = redact(str(value))
        return True
