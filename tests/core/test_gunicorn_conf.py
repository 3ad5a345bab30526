"""The gunicorn settings: workers are not recycled by default (gunicorn #3038 resets connections)."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import pytest


def load_conf() -> ModuleType:
    sys.modules.pop("carers_portal.gunicorn_conf", None)
    return importlib.import_module("carers_portal.gunicorn_conf")


def test_workers_are_not_recycled_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    conf = load_conf()
    assert (conf.max_requests, conf.max_requests_jitter) == (0, 0)


def test_recycling_can_be_turned_on_with_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "5000")
    conf = load_conf()
    assert (conf.max_requests, conf.max_requests_jitter) == (5000, 500)


def test_forwarded_headers_are_believed_only_from_this_machine_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert load_conf().forwarded_allow_ips == "127.0.0.1,::1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "172.30.80.2")
    assert load_conf().forwarded_allow_ips == "172.30.80.2"
