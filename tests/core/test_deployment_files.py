"""The deployment files describe what the README promises (no Docker engine runs in CI)."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.support import BASE_DIR


def _compose() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def test_compose_runs_postgres_18_valkey_9_web_worker_and_one_beat() -> None:
    services = _compose()["services"]

    assert services["db"]["image"].startswith("postgres:18")
    assert services["redis"]["image"].startswith("valkey/valkey:9")
    assert services["worker"]["command"][:4] == ["celery", "-A", "carers_portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "carers_portal", "beat"]
    assert "deploy" not in services["beat"], "beat must never be replicated"
    for name in ["db", "redis", "web", "worker"]:
        assert "healthcheck" in services[name], name
    for name in ["db", "redis", "web", "worker", "beat"]:
        assert services[name]["restart"] == "unless-stopped", name


def test_compose_bounds_redis_memory_without_evicting_the_broker_queues() -> None:
    command = _compose()["services"]["redis"]["command"]
    assert command[command.index("--maxmemory") + 1] == "512mb"
    # Only keys with an expiry go: cached pages and counters, not Celery's queues or the cache versions.
    assert command[command.index("--maxmemory-policy") + 1] == "volatile-lru"


def test_compose_keeps_data_in_named_volumes_and_secrets_out_of_the_file() -> None:
    compose = _compose()
    text = (BASE_DIR / "docker-compose.yml").read_text()

    assert set(compose["volumes"]) == {"postgres18-data", "redis-data"}
    # PostgreSQL 18's image refuses a volume at /var/lib/postgresql/data; its data lives below /var/lib/postgresql.
    assert "postgres18-data:/var/lib/postgresql" in compose["services"]["db"]["volumes"]
    assert "${DJANGO_SECRET_KEY:?" in text
    assert "${POSTGRES_PASSWORD:?" in text


def test_dockerfile_builds_assets_with_node_and_runs_as_a_non_root_user() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    stages = re.findall(r"^FROM (\S+) AS (\w+)", dockerfile, flags=re.MULTILINE)
    assert [stage for _, stage in stages] == ["assets", "runtime"]
    assert stages[0][0].startswith("node:20")
    assert "slim" in stages[1][0]
    assert "npm ci" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert re.search(r"^USER portal$", dockerfile, flags=re.MULTILINE)
    assert "gunicorn" in dockerfile


def test_collectstatic_builds_the_hashed_manifest_whitenoise_serves(tmp_path: Any) -> None:
    import json
    import os
    import subprocess
    import sys

    env = os.environ | {"STATIC_ROOT": str(tmp_path), "DJANGO_MANIFEST_STATIC": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert {"build/portal.css", "build/print.css", "js/init.mjs", "build/govuk-frontend.min.js"} <= set(manifest)
    assert (tmp_path / (manifest["build/portal.css"] + ".gz")).exists()
