"""The deployment files describe what docs/deployment.md promises (no Docker engine runs in CI)."""

from __future__ import annotations

import re
import subprocess
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

    assert {"postgres18-data", "redis-data"} <= set(compose["volumes"])
    # PostgreSQL 18's image refuses a volume at /var/lib/postgresql/data; its data lives below /var/lib/postgresql.
    assert "postgres18-data:/var/lib/postgresql" in compose["services"]["db"]["volumes"]
    assert "${DJANGO_SECRET_KEY:?" in text
    assert "${POSTGRES_PASSWORD:?" in text


def test_dockerfile_builds_assets_with_node_and_runs_as_a_non_root_user() -> None:
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    stages = re.findall(r"^FROM (\S+) AS (\w+)", dockerfile, flags=re.MULTILINE)
    assert [stage for _, stage in stages] == ["assets", "runtime"]
    assert stages[0][0].startswith("node:22")
    assert "slim" in stages[1][0]
    assert "npm ci" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert re.search(r"^USER portal$", dockerfile, flags=re.MULTILINE)
    assert "gunicorn" in dockerfile


def test_collectstatic_builds_the_hashed_manifest_whitenoise_serves(tmp_path: Any) -> None:
    import json
    import os
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


def test_beat_keeps_its_schedule_file_on_a_named_volume() -> None:
    compose = _compose()
    beat = compose["services"]["beat"]
    schedule_file = beat["command"][beat["command"].index("--schedule") + 1]

    assert "beat-schedule" in compose["volumes"]
    mounts = dict(volume.split(":", 1) for volume in beat["volumes"])
    assert schedule_file.startswith(mounts["beat-schedule"] + "/")
    # The image makes the mount point, owned by the user beat runs as, so the new volume is writable.
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(rf"mkdir -p [^\n]*{mounts['beat-schedule']}", dockerfile)
    assert re.search(rf"chown portal:portal [^\n]*{mounts['beat-schedule']}", dockerfile)


def test_the_image_ci_and_setup_install_the_pdf_fonts_from_debian_packages() -> None:
    from django.conf import settings

    from accounts.pdf import font_paths

    for path in (BASE_DIR / "Dockerfile", BASE_DIR / ".ci" / "run", BASE_DIR / "Makefile"):
        text = path.read_text()
        assert "fonts-noto-core" in text, path
        assert "fonts-symbola" in text, path
    assert settings.PDF_FONTS_DIR == "/usr/share/fonts/truetype"  # where Debian installs them
    assert all(path.is_file() for path in font_paths())
    tracked = subprocess.run(
        ["git", "ls-files", "*.ttf", "*.otf", "*.woff", "*.woff2"], cwd=BASE_DIR, capture_output=True, text=True
    )
    assert tracked.returncode == 0
    assert tracked.stdout == "", "fonts come from packages, never copied into the repository"


def test_uploaded_documents_live_on_a_named_volume_outside_the_image() -> None:
    compose = _compose()
    web = compose["services"]["web"]
    mounts = dict(volume.split(":", 1) for volume in web["volumes"])

    assert "media" in compose["volumes"]
    assert web["environment"]["MEDIA_ROOT"] == mounts["media"]
    assert not mounts["media"].startswith("/app/"), "the image's own files are not the place for uploads"
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(rf"chown portal:portal [^\n]*{mounts['media']}", dockerfile)
