"""Every health check in docker-compose.yml and the Dockerfile passes against the production settings.

No Docker engine runs here, so the compose file is read, its web environment resolved as compose would
(with docs/deployment.md's DJANGO_ALLOWED_HOSTS=carers.kent.gov.uk), and a real gunicorn started with it; each
check's own command then runs against that gunicorn, with its address in place of the container's.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import BASE_DIR, database_url, redis_server, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

PRODUCTION = {
    "DJANGO_ALLOWED_HOSTS": "carers.kent.gov.uk",
    "SITE_URL": "https://carers.kent.gov.uk",
    "DJANGO_SECRET_KEY": "compose-health-check-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "POSTGRES_PASSWORD": "unused",
}
COMPOSE_VARIABLE = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


def _compose() -> dict[str, Any]:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())  # type: ignore[no-any-return]


def _resolve(value: str) -> str:
    """${NAME:-default} and ${NAME:?message} as compose resolves them, from PRODUCTION."""

    def one(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if name in PRODUCTION:
            return PRODUCTION[name]
        return rest if kind == "-" else ""

    return COMPOSE_VARIABLE.sub(one, str(value))


def _web_environment(redis_url: str, var_dir: Path) -> dict[str, str]:
    env = {name: _resolve(value) for name, value in _compose()["services"]["web"]["environment"].items()}
    # What only the containers have: the database and Redis (here the tests' own), and writable folders.
    env |= {"DATABASE_URL": database_url(), "REDIS_URL": redis_url, "MEDIA_ROOT": str(var_dir / "media")}
    # The image runs collectstatic for its hashed manifest; the working copy has none.
    env["DJANGO_MANIFEST_STATIC"] = "false"
    return env | {"PATH": os.environ["PATH"], "HOME": str(var_dir), "PORTAL_VAR_DIR": str(var_dir)}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _gunicorn(env: dict[str, str]) -> Iterator[int]:
    port = _free_port()
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
    command = [sys.executable, "-m", "gunicorn", "--config", "python:carers_portal.gunicorn_conf"]
    log = tempfile.NamedTemporaryFile(prefix="kcp-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [*command, "carers_portal.wsgi:application"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )

    def listening() -> bool:
        assert process.poll() is None, Path(log.name).read_text()
        with socket.socket() as client:
            return client.connect_ex(("127.0.0.1", port)) == 0

    try:
        wait_until(listening, timeout=60)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def _on_port(command: list[str], port: int) -> list[str]:
    command = [part.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for part in command]
    return [sys.executable if part == "python" else part for part in command]


def _status(port: int, path: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        return int(opener.open(request, timeout=10).status)
    except urllib.error.HTTPError as error:
        return int(error.code)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any) -> None:
        return None


def test_every_health_check_passes_under_a_production_allowed_host() -> None:
    services = _compose()["services"]
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    image_check = re.search(r"^HEALTHCHECK .*\\\n\s+CMD (.+)$", dockerfile, flags=re.MULTILINE)
    assert image_check is not None
    checks = {
        "web": services["web"]["healthcheck"]["test"][1:],
        "proxy (its curl, here straight to gunicorn)": services["proxy"]["healthcheck"]["test"][1:],
        "image HEALTHCHECK": shlex.split(image_check.group(1)),
        "beat": services["beat"]["healthcheck"]["test"][1:],
    }
    assert all(services[name]["healthcheck"]["test"][0] == "CMD" for name in ["web", "proxy", "beat"])
    assert "/readyz" in " ".join(checks["proxy (its curl, here straight to gunicorn)"])

    with redis_server() as redis, tempfile.TemporaryDirectory() as var_dir:
        env = _web_environment(f"unix://{redis.socket}", Path(var_dir))
        assert env["DJANGO_ALLOWED_HOSTS"] == "carers.kent.gov.uk"
        with _gunicorn(env) as port:
            # The production settings are in force: any other Host is refused.
            assert _status(port, "/", {"Host": "127.0.0.1"}) == 400
            for name, command in checks.items():
                result = subprocess.run(
                    _on_port(command, port), cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
                )
                assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"


def test_forwarded_proto_is_believed_only_from_the_proxy() -> None:
    # Compose trusts forwarded headers from the proxy's fixed address alone. A client reaching gunicorn
    # from anywhere else (here 127.0.0.1) cannot claim HTTPS: it is still sent to https://.
    services = _compose()["services"]
    assert services["web"]["environment"]["FORWARDED_ALLOW_IPS"] != "127.0.0.1"
    claim = {"Host": "carers.kent.gov.uk", "X-Forwarded-Proto": "https"}
    with redis_server() as redis, tempfile.TemporaryDirectory() as var_dir:
        env = _web_environment(f"unix://{redis.socket}", Path(var_dir))
        with _gunicorn(env) as port:
            assert _status(port, "/", claim) == 301
        # From the proxy's address (here: gunicorn told to trust 127.0.0.1), the same request is HTTPS.
        with _gunicorn(env | {"FORWARDED_ALLOW_IPS": "127.0.0.1"}) as port:
            assert _status(port, "/", claim) == 200
    nginx = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto https;" in nginx
    assert "$http_x_forwarded_proto" not in nginx


def test_images_are_current_and_the_code_is_not_the_runtime_users() -> None:
    services = _compose()["services"]
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert services["proxy"]["image"] == "nginx:stable"
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert "disable" not in services["beat"]["healthcheck"]
    # The code is copied as root: the portal user (USER portal) can read it but not change it.
    assert "--chown" not in " ".join(line for line in dockerfile.splitlines() if line.startswith("COPY"))
    assert re.search(r"^USER portal$", dockerfile, flags=re.MULTILINE)
    # The documented topology: the council's TLS load balancer, then nginx, in front of gunicorn.
    assert services["web"]["environment"]["DJANGO_TRUSTED_PROXY_COUNT"] == "${DJANGO_TRUSTED_PROXY_COUNT:-2}"
