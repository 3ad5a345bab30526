"""What `make run` prints tells the truth: its real address, plain log lines, no warnings or tracebacks."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from tests.core.support import environment_without_settings, free_port, http_get
from tests.support import BASE_DIR, wait_until


@pytest.mark.worker
def test_run_prints_its_own_address_readable_logs_and_no_warnings() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="kcp-out-"))
    port = free_port()
    output = var_dir / "run.log"
    with output.open("wb") as log:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "carers_portal.embedded", "run"],
            cwd=BASE_DIR,
            env=environment_without_settings(var_dir) | {"PORTAL_ADDRESS": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            wait_until(lambda: http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200, timeout=180, interval=0.5)
            assert http_get(f"http://127.0.0.1:{port}/services/no-such-service/")[0] == 0  # a 404 (urlopen raises)
            wait_until(lambda: "Not Found" in output.read_text(), timeout=30)
        finally:
            os.killpg(launcher.pid, signal.SIGINT)
            launcher.wait(timeout=60)
    text = output.read_text()

    # The sign-in address seed_demo prints and the one announced are where the portal really is.
    assert f"Sign in at http://127.0.0.1:{port}/account/login/" in text
    assert f"The portal is at http://127.0.0.1:{port}/" in text
    assert "127.0.0.1:8000" not in text
    # No Python warnings (SecurityWarning, RuntimeWarning...), no runserver banner warning.
    assert not re.search(r"\w+Warning\b", text), text
    assert "WARNING: This is a development server" not in text
    # Log lines a person reads, not JSON; a routine 404 is one line, without a traceback.
    assert re.search(r"WARNING django.request: Not Found: /services/no-such-service/", text), text
    assert not [line for line in text.splitlines() if line.startswith('{"')]
    assert "Traceback" not in text


def _formatted(status_code: int) -> str:
    """A django.request line with an exception attached, through the configured handler."""
    handler = logging.getLogger("django").handlers[0]
    try:
        raise PermissionDenied("not yours")
    except PermissionDenied:
        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", None, sys.exc_info())
    record.status_code = status_code
    assert handler.filter(record)
    return handler.format(record)


def test_an_expected_403_logs_one_line_and_a_500_keeps_its_traceback() -> None:
    assert "Traceback" not in _formatted(403)
    assert "Traceback" not in _formatted(404)
    assert "Traceback" in _formatted(500)
