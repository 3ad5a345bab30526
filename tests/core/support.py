"""Helpers shared by the core tests that start the portal as a newcomer would."""

from __future__ import annotations

import html
import os
import re
import socket
import urllib.request
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from django.test import Client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return response.status, response.read()
    except OSError:
        return 0, b""


def environment_without_settings(var_dir: Path) -> dict[str, str]:
    """A machine with nothing configured: no database or Redis URL, no Django settings."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"} and not k.startswith("DJANGO_")
    }
    env |= {"PORTAL_VAR_DIR": str(var_dir), "EMAIL_FILE_PATH": str(var_dir / "mail")}
    env["CELERY_BEAT_SCHEDULE_FILENAME"] = str(var_dir / "celerybeat-schedule")
    return env


class HtmlChecker(HTMLParser):
    """Collects repeated attributes and ids in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = Counter(name for name, _ in attrs)
        self.problems += [f"<{tag}> repeats {name}" for name, count in names.items() if count > 1]
        self.ids.update(value for name, value in attrs if name == "id" and value)

    handle_startendtag = handle_starttag


TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
DESCRIPTION_RE = re.compile(r'<meta name="description" content="([^"]*)">')


def head(client: Client, path: str) -> tuple[str, str]:
    response = client.get(path)
    assert response.status_code == 200, path
    page = response.content.decode()
    title = TITLE_RE.search(page)
    description = DESCRIPTION_RE.search(page)
    assert title, f"{path}: no <title>"
    assert description, f'{path}: no <meta name="description">'
    return html.unescape(" ".join(title.group(1).split())), html.unescape(description.group(1))
