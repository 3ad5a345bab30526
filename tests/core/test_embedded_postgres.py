"""The embedded PostgreSQL: version 18 with contrib; a var/pgdata made by an older one (16, from pgserver) is set
aside intact, never opened or deleted."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from carers_portal.embedded import (
    OldClusterError,
    bundled_postgres_major,
    cluster_major,
    forget_dead_handles,
    postgres_bin,
    set_aside_old_cluster,
)


def _cluster(path: Path, version: str) -> Path:
    """A stand-in data directory: PG_VERSION says which major version made it, plus a file of 'data'."""
    path.mkdir()
    (path / "PG_VERSION").write_text(f"{version}\n")
    (path / "base").mkdir()
    (path / "base" / "1").write_text("rows")
    return path


def test_the_bundled_postgresql_is_18_with_the_contrib_extensions() -> None:
    assert bundled_postgres_major() == 18
    extensions = postgres_bin().parent / "share" / "extension"
    for name in ["pg_trgm", "unaccent", "fuzzystrmatch"]:
        assert (extensions / f"{name}.control").exists(), name


@pytest.mark.django_db
def test_the_database_loads_the_contrib_extensions_the_search_needs() -> None:
    with connection.cursor() as cursor:
        for name in ["pg_trgm", "unaccent", "fuzzystrmatch"]:
            cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {name}")
        cursor.execute(
            "SELECT current_setting('server_version_num')::int / 10000, unaccent('café'), levenshtein('cafe', 'cafes')"
        )
        assert cursor.fetchone() == (18, "cafe", 1)
        cursor.execute("SELECT similarity('dementia', 'dementai') > 0.3")
        assert cursor.fetchone() == (True,)


def test_cluster_major_reads_pg_version(tmp_path: Path) -> None:
    assert cluster_major(tmp_path / "missing") is None
    assert cluster_major(_cluster(tmp_path / "pgdata", "16")) == 16


def test_a_postgresql_16_directory_is_renamed_with_its_data_and_the_way_back_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pgdata = _cluster(tmp_path / "pgdata", "16")

    old = set_aside_old_cluster(pgdata, bundled_major=18)

    assert old is not None
    assert not pgdata.exists()
    assert old.parent == tmp_path
    assert old.name.startswith("pgdata-16-")
    assert (old / "PG_VERSION").read_text() == "16\n"
    assert (old / "base" / "1").read_text() == "rows"
    out = capsys.readouterr().out
    assert str(old) in out
    assert "Upgrading from PostgreSQL 16" in out


def test_a_directory_of_the_bundled_version_or_none_at_all_is_left_alone(tmp_path: Path) -> None:
    current = _cluster(tmp_path / "pgdata", "18")

    assert set_aside_old_cluster(current, bundled_major=18) is None
    assert set_aside_old_cluster(tmp_path / "new", bundled_major=18) is None
    assert (current / "base" / "1").read_text() == "rows"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pgdata"]


def test_an_old_directory_whose_server_still_runs_is_not_moved(tmp_path: Path) -> None:
    pgdata = _cluster(tmp_path / "pgdata", "16")
    # postmaster.pid as PostgreSQL writes it, naming a live process (this one).
    lines = [str(os.getpid()), str(pgdata), "1765000000", "5432", str(pgdata), "", "0 0", "ready"]
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")

    with pytest.raises(OldClusterError, match=f"still running.*kill {os.getpid()}"):
        set_aside_old_cluster(pgdata, bundled_major=18)
    assert (pgdata / "PG_VERSION").exists()


def test_an_old_directory_with_a_stale_pid_file_is_moved(tmp_path: Path) -> None:
    pgdata = _cluster(tmp_path / "pgdata", "16")
    lines = ["999999999", str(pgdata), "1765000000", "5432", str(pgdata), "", "0 0", "ready"]
    (pgdata / "postmaster.pid").write_text("\n".join(lines) + "\n")

    old = set_aside_old_cluster(pgdata, bundled_major=18)

    assert old is not None
    assert (old / "PG_VERSION").exists()
    assert not pgdata.exists()


def test_a_launcher_that_was_killed_does_not_keep_the_next_one_from_stopping_the_server(tmp_path: Path) -> None:
    gone = subprocess.Popen(["true"])  # a process that has exited, as a killed launcher has
    gone.wait()
    handles = tmp_path / ".handle_pids.json"
    handles.write_text(json.dumps([gone.pid, os.getpid()]))

    forget_dead_handles(tmp_path)

    assert json.loads(handles.read_text()) == [os.getpid()]
