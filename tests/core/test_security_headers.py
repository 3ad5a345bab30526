from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from tests.support import BASE_DIR


@pytest.mark.django_db
def test_responses_carry_the_security_headers(client: Any) -> None:
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Request-ID"]


def test_check_deploy_is_clean_under_production_settings() -> None:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "PORTAL_VAR_DIR"
    } | {
        "DJANGO_SECRET_KEY": "a-production-like-secret-key-with-plenty-of-entropy-0123456789-abcdefghij",
        "DJANGO_ALLOWED_HOSTS": "carers.kent.gov.uk",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://carers.kent.gov.uk",
        "SITE_URL": "https://carers.kent.gov.uk",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off() -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}

    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr
