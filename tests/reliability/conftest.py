"""The reliability suite runs only under `make reliability` (RELIABILITY=1), never inside `make test`.

It does not use pytest-django's throwaway test database: gunicorn, Celery workers and
this process must all see the same committed rows, so the suite migrates and seeds the
database of its own embedded PostgreSQL (var/reliability/, wiped by `make reliability`)
and counts rows there, each scenario by its own marker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

if os.environ.get("RELIABILITY") != "1":
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher() -> None:
    """The real password hasher here (overrides tests/conftest.py's MD5): the gunicorn this suite
    starts signs people in with passwords this process stored, and it hashes as production does."""


@pytest.fixture(scope="session", autouse=True)
def suite_database(django_db_blocker: Any) -> Iterator[None]:
    from django.core.management import call_command

    from tests.reliability.harness import postgres_stop_if_restarted, postmaster_pid

    with django_db_blocker.unblock():
        call_command("migrate", "--noinput", verbosity=0)
        call_command("seed_demo", verbosity=0)
        original = postmaster_pid()
        yield
        postgres_stop_if_restarted(original)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory: Any) -> str:
    """Hashed, compressed static files as production serves them (whitenoise), collected once."""
    import subprocess
    import sys

    from tests.support import BASE_DIR

    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=os.environ | {"STATIC_ROOT": str(root), "DJANGO_MANIFEST_STATIC": "true"},
        check=True,
        timeout=300,
    )
    return str(root)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.reliability.harness import FIGURES_FILE

    if FIGURES_FILE.exists():
        terminalreporter.write_sep("=", "reliability figures")
        terminalreporter.write_line(f"Every scenario's figures are printed above and kept in {FIGURES_FILE}")
        terminalreporter.write_line("As Markdown for docs/reliability.md: .venv/bin/python -m tests.reliability.report")
