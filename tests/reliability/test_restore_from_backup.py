"""PostgreSQL backup and restore, as docs/deployment.md documents them: pg_dump, then pg_restore into an empty database.

Run against the suite's own embedded PostgreSQL with the pg_dump/pg_restore that ship with
it (the same commands work against the docker compose `db` service). The restored copy
must hold the same rows as the original in every table.
"""

from __future__ import annotations

import subprocess
import time
from urllib.parse import quote

from django.apps import apps
from django.db import connection

from carers_portal.embedded import postgres_bin
from tests.reliability.harness import RUN_DIR, record_figures

RESTORED = "carers_portal_restore_check"


def _bin(name: str) -> str:
    return str(postgres_bin() / name)


def _url(database: str) -> str:
    s = connection.settings_dict
    return f"postgresql://{quote(s['USER'])}@{quote(s['HOST'], safe='')}/{database}"


def _counts(database: str) -> dict[str, int]:
    tables = sorted({m._meta.db_table for m in apps.get_models()})
    query = " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)
    out = subprocess.run(
        [_bin("psql"), _url(database), "-At", "-F", "|", "-c", query],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return {line.split("|")[0]: int(line.split("|")[1]) for line in out.splitlines() if line}


def test_a_pg_dump_restores_into_an_empty_database_with_every_row() -> None:
    dump = RUN_DIR / "backup.dump"
    source = connection.settings_dict["NAME"]
    started = time.monotonic()
    subprocess.run(
        [_bin("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", _url(source)], check=True, timeout=300
    )
    dumped_in = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{RESTORED}"')
        cursor.execute(f'CREATE DATABASE "{RESTORED}"')
    started = time.monotonic()
    subprocess.run(
        [_bin("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={_url(RESTORED)}", str(dump)],
        check=True,
        timeout=300,
    )
    restored_in = time.monotonic() - started
    original, restored = _counts(source), _counts(RESTORED)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{RESTORED}"')

    record_figures(
        "backup and restore",
        {
            "dump size KB": dump.stat().st_size // 1024,
            "pg_dump s": round(dumped_in, 2),
            "pg_restore s": round(restored_in, 2),
            "tables compared": len(original),
            "rows compared": sum(original.values()),
        },
    )
    assert original == restored
    assert sum(original.values()) > 0
