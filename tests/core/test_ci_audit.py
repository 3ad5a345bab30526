"""CI audits the locked packages for known vulnerabilities before it runs the tests."""

from __future__ import annotations

import re

from tests.support import BASE_DIR


def test_ci_runs_pip_audit_over_the_pinned_requirements() -> None:
    ci = (BASE_DIR / ".ci" / "run").read_text()
    makefile = (BASE_DIR / "Makefile").read_text()

    assert re.search(r"^make audit\b", ci, flags=re.MULTILINE)
    assert ci.index("make audit") < ci.index("make test")
    target = re.search(r"^audit:.*\n\t(.+)$", makefile, flags=re.MULTILINE)
    assert target, "Makefile has no audit target"
    assert "deploy/audit.py" in target.group(1)
    # The dev lock: every package, transitive ones included, runtime ones at the image's versions.
    assert "--lock requirements-dev.lock" in target.group(1)
    assert "-r requirements.txt" in (BASE_DIR / "requirements-dev.txt").read_text()
    assert re.search(r"^pip-audit==", (BASE_DIR / "requirements-dev.txt").read_text(), flags=re.MULTILINE)
