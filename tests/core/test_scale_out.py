"""docker-compose.yml scales out as the README says (no Docker engine runs in CI: the file is checked)."""

from __future__ import annotations

from typing import Any

import yaml

from tests.support import BASE_DIR


def _services() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())["services"]  # type: ignore[no-any-return]


def test_web_and_workers_scale_behind_the_proxy_with_exactly_one_beat() -> None:
    services = _services()

    assert "ports" not in services["web"], "a fixed host port would stop web scaling"
    assert services["web"]["deploy"]["replicas"]
    assert services["worker"]["deploy"]["replicas"]
    assert "deploy" not in services["beat"]
    assert services["proxy"]["ports"] == ["8000:8000"]
    nginx = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "server web:8000 resolve" in nginx
    assert "X-Forwarded-For" in nginx
    assert "carers_portal.gunicorn_conf" in " ".join(services["web"]["command"])


def test_every_app_container_knows_its_proxies_and_the_optional_replica() -> None:
    services = _services()

    for name in ["web", "worker", "beat", "migrate"]:
        env = services[name]["environment"]
        assert env["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-1}", name
        assert env["DATABASE_REPLICA_URL"] == "${DATABASE_REPLICA_URL:-}", name
