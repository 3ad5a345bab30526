"""gunicorn's own access log (the production config, a real gunicorn) holds no link secret, id or personal data."""

from __future__ import annotations

import http.client
import json
import os
import re
import uuid
from typing import Any
from urllib.parse import unquote

import pytest

from tests.reliability.harness import gunicorn
from tests.support import BASE_DIR, database_url

REFERRAL_ID = str(uuid.uuid4())
ASSESSMENT_ID = str(uuid.uuid4())
# Every kind of secret a URL of the portal can carry, in the shapes the portal makes them.
SECRETS = {
    "/account/password/reset/key/3b-c9f2kq-8d1e0a6f4b2c7e9d1a3f/": "c9f2kq-8d1e0a6f4b2c7e9d1a3f",
    "/account/confirm-email/MTI:1vXqZa:Zk3mQpR7sT9uVw0xYz1AbC2dE4fG/": "Zk3mQpR7sT9uVw0xYz1AbC2dE4fG",
    f"/referrals/{REFERRAL_ID}/": REFERRAL_ID,
    f"/carers/assessment/{ASSESSMENT_ID}/caring/": ASSESSMENT_ID,
    "/consultations/library-review/respond/resume/eyJyIjo0MiwiYyI6N30:1vXqZa:RsmKeyOfResume/": "RsmKeyOfResume",
    "/consultations/unsubscribe/NDI:1vXqZa:UnsubSecretSig/": "UnsubSecretSig",
    "/consultations/subscribe/confirm/gAAAAABmSubscribeSecret/": "gAAAAABmSubscribeSecret",
    "/carers/reminders/unsubscribe/Nw:1vXqZa:ReminderSecret/": "ReminderSecret",
    "/services/?postcode=ME14+1XX&q=dementia": "ME14",
    "/services/?q=07700900123": "07700900123",
    "/no-such-page/jo.bloggs@example.com/": "jo.bloggs",
    '/no-such-page/quote"mark/': None,  # still one valid JSON line
}


@pytest.mark.django_db
def test_the_access_log_of_a_real_gunicorn_holds_no_secret(tmp_path: Any) -> None:
    env = dict(os.environ) | {"DATABASE_URL": database_url()}
    with gunicorn(env, workers=1, threads=1, name="access-log") as web:
        for path in SECRETS:
            connection = http.client.HTTPConnection("127.0.0.1", web.port, timeout=30)
            connection.request("GET", path, headers={"Referer": f"http://x{path}", "User-Agent": "jo@example.com"})
            connection.getresponse().read()
            connection.close()
        access_log = web.access_log
    lines = [json.loads(line) for line in access_log.read_text().splitlines() if line.strip()]
    logged = [line["path"] for line in lines if line["path"] != "/healthz"]

    assert len(logged) == len(SECRETS)
    text = access_log.read_text()
    for secret in filter(None, SECRETS.values()):
        assert secret not in text
    for leak in ("example.com", "127.0.0.1", "?", "Referer"):
        assert leak not in text
    assert "/account/password/reset/key/[token]/" in logged
    assert "/referrals/[id]/" in logged
    assert "/consultations/library-review/respond/resume/[token]/" in logged
    assert all(line["request_id"] not in ("", "-") for line in lines)


def _nginx_map() -> list[tuple[re.Pattern[str], str]]:
    """The regex entries of nginx.conf's `map $uri $portal_log_path` (PCRE named groups in Python's spelling)."""
    conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    block = re.search(r"map \$uri \$portal_log_path \{(.*?)\n\}", conf, re.S)
    assert block is not None
    entries = re.findall(r'^\s*"~([^"]+)"\s+"([^"]*)";', block.group(1), re.M)
    return [
        (re.compile(pattern.replace("(?<", "(?P<")), re.sub(r"\$\{(\w+)\}", r"\\g<\1>", value))
        for pattern, value in entries
    ]


def _nginx_logged(uri: str) -> str:
    for pattern, value in _nginx_map():
        if pattern.search(uri):
            return pattern.sub(value, uri, count=1) if "\\g<" in value else value
    return uri


def test_nginx_logs_its_own_redacted_path_and_no_query_string_address_or_referrer() -> None:
    conf = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    log_format = re.search(r"log_format portal escape=json (.*?);\n", conf, re.S)
    assert log_format is not None
    assert "$portal_log_path" in log_format.group(1)
    for leak in ("$remote_addr", "$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_", "$uri"):
        assert leak not in log_format.group(1)
    assert "access_log /dev/stdout portal;" in conf
    assert "error_log /dev/stderr crit;" in conf  # error lines quote the request line and address

    for path, secret in SECRETS.items():
        uri = unquote(path.partition("?")[0])  # nginx's $uri: decoded, without the query string
        logged = _nginx_logged(uri)
        if secret:
            assert secret not in logged, (path, logged)
    assert _nginx_logged(f"/referrals/{REFERRAL_ID}/") == "/referrals/[id]/"
    assert _nginx_logged("/services/dementia-cafe/") == "/services/dementia-cafe/"
