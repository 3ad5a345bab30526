"""`make audit` never says "no known vulnerabilities" about packages it could not check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support import BASE_DIR

# A package name nobody has published: PyPI's vulnerability data has nothing to say about it.
UNPUBLISHED = (
    "kent-carers-portal-audit-probe==1.0.0 \\\n"
    "    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000\n"
)


def _audit(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "deploy/audit.py", *args],
        cwd=BASE_DIR,
        env=os.environ | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_package_that_could_not_be_audited_fails_the_audit_and_is_named(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(UNPUBLISHED)

    result = _audit("--lock", str(lock), "--no-npm")

    assert result.returncode == 2, result.stdout + result.stderr
    assert "audited 0 of 1 locked packages" in result.stdout
    assert "NOT AUDITED" in result.stdout
    assert "kent-carers-portal-audit-probe" in result.stdout
    assert "no known vulnerabilities" not in result.stdout


def test_an_unreachable_npm_audit_endpoint_fails_the_audit_and_says_so(tmp_path: Path) -> None:
    lock = tmp_path / "requirements.lock"
    lock.write_text(UNPUBLISHED)
    # Port 9 (discard) on 127.0.0.1: nothing listens, so the registry cannot be reached.
    result = _audit("--lock", str(lock), env={"npm_config_registry": "http://127.0.0.1:9/"})

    assert result.returncode == 2
    assert "npm: NOT AUDITED" in result.stdout
    assert "npm: no known vulnerabilities" not in result.stdout
