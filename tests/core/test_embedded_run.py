"""`make run`'s launcher on its embedded default: serves, keeps data across runs, leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
import pytest

from tests.core.support import environment_without_settings, free_port, http_get
from tests.support import BASE_DIR, wait_until


def _demo_carer_joined(var_dir: Path) -> str:
    code = (
        "from accounts.models import User; print(User.objects.get(email='carer@example.com').date_joined.isoformat())"
    )
    env = environment_without_settings(var_dir) | {"DJANGO_SECRET_KEY_FILE": str(var_dir / "secret_key")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "carers_portal.embedded",
            "exec",
            "--",
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            code,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _run_once(var_dir: Path, port: int) -> tuple[int, dict[str, str], set[int]]:
    env = environment_without_settings(var_dir)
    launcher = subprocess.Popen(
        [sys.executable, "-m", "carers_portal.embedded", "run", "--address", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(lambda: http_get(f"http://127.0.0.1:{port}/healthz")[0] == 200, timeout=120, interval=0.5)
        home_status, _ = http_get(f"http://127.0.0.1:{port}/")
        health = json.loads(http_get(f"http://127.0.0.1:{port}/healthz")[1])
        descendants = {p.pid for p in psutil.Process(launcher.pid).children(recursive=True)}
    finally:
        os.killpg(launcher.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        launcher.wait(timeout=60)
    return home_status, health, descendants


@pytest.mark.worker
def test_run_serves_the_portal_keeps_data_and_stops_cleanly() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="kcp-run-"))
    port = free_port()

    status, health, children = _run_once(var_dir, port)

    assert status == 200
    assert health == {"status": "ok", "database": "ok", "redis": "ok"}
    assert children, "expected web, worker and beat processes"
    postgres_pids = {
        p.pid for p in psutil.process_iter(["cmdline"]) if str(var_dir) in " ".join(p.info["cmdline"] or [])
    }
    assert not postgres_pids, "PostgreSQL or Redis still running after Ctrl-C"
    assert not [pid for pid in children if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"]

    # A second run keeps the data: the demo carer made by the first run is the same record.
    joined = _demo_carer_joined(var_dir)
    status, health, _ = _run_once(var_dir, port)
    assert status == 200
    assert _demo_carer_joined(var_dir) == joined
