"""A request id carried through logs, so one request's lines can be found together."""

from __future__ import annotations

import contextvars
import logging
import re
import urllib.parse

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
_SECRET_LINK = re.compile(rf"(/(?:{'|'.join(SECRET_LINK_PREFIXES)})/)[^/\s'\"?]+")
# A query string runs from "?" after a path to the next space: apostrophes, quotes and ">" are part of it (a
# browser sends o'brien as typed), so it is removed whole, never matched piecemeal.
_QUERY = re.compile(r"(/[^\s?'\"]*)\?(\S*)")
_REDACTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"), "[id]"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "[email]"),
    (re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE), "[postcode]"),
    (re.compile(r"(?<![\w.])(?:\+44\s?|0)(?:\d[\s-]?){9,10}(?!\w)"), "[phone]"),
]
_ENCODED_WORD = re.compile(r"\S*[%+]\S*")
_STANDARD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime", "request_id"}


def _query_redacted(match: re.Match[str]) -> str:
    """The whole query removed: any parameter, name or value, may carry a search for a person."""
    return f"{match.group(1)}?[query removed]"


def _decoded(word: str) -> str:
    """A word as a server would read it: `+` a space, percent-escapes decoded (twice-encoded ones too)."""
    for _ in range(3):
        decoded = urllib.parse.unquote_plus(word)
        if decoded == word:
            break
        word = decoded
    return word


def _redact_plain(text: str) -> str:
    for pattern, replacement in _REDACTIONS:
        text = pattern.sub(replacement, text)
    return text


def _redact_encoded_word(match: re.Match[str]) -> str:
    word = match.group(0)
    decoded = _decoded(word)
    cleaned = _redact_plain(decoded)
    return cleaned if cleaned != decoded else word


def redact(text: str) -> str:
    text = _SECRET_LINK.sub(r"\1[token]", text)
    text = _QUERY.sub(_query_redacted, text)
    text = _redact_plain(text)
    # Personal data written with + or percent-escapes outside a query (a path, a message) is matched decoded.
    return _ENCODED_WORD.sub(_redact_encoded_word, text)


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
