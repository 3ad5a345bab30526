"""docker-compose.yml scales out as docs/deployment.md says (no Docker engine runs in CI: the file is checked)."""

from __future__ import annotations

import ipaddress
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
    assert services["proxy"]["ports"] == ["127.0.0.1:8000:8000"]
    nginx = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "server web:8000 resolve" in nginx
    assert "X-Forwarded-For" in nginx
    assert "carers_portal.gunicorn_conf" in " ".join(services["web"]["command"])


def test_every_app_container_knows_its_proxies_and_the_optional_replica() -> None:
    services = _services()

    for name in ["web", "worker", "beat", "migrate"]:
        env = services[name]["environment"]
        assert env["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-2}", name
        assert env["DATABASE_REPLICA_URL"] == "${DATABASE_REPLICA_URL:-}", name


def test_the_proxy_is_published_on_loopback_only() -> None:
    for name, service in _services().items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"


def test_gunicorn_believes_forwarded_headers_only_from_the_proxy() -> None:
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    proxy_address = services["proxy"]["networks"]["edge"]["ipv4_address"]

    assert services["web"]["environment"]["FORWARDED_ALLOW_IPS"] == proxy_address
    assert "edge" in services["web"]["networks"]
    # The proxy's fixed address is in the edge subnet but outside the range replicas are given.
    pool = compose["networks"]["edge"]["ipam"]["config"][0]
    assert ipaddress.ip_address(proxy_address) in ipaddress.ip_network(pool["subnet"])
    assert ipaddress.ip_address(proxy_address) not in ipaddress.ip_network(pool["ip_range"])
