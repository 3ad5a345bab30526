from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User


@pytest.mark.django_db
def test_a_body_over_the_request_limit_is_refused_with_413(client: Any, settings: Any) -> None:
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    response = client.post(
        "/account/signup/", data=b"a" * (1024 * 1024 + 1), content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413
    assert "What you sent was too large" in response.content.decode()
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_form_body_over_the_field_limit_is_refused_with_400(client: Any) -> None:
    body = "email=a%40example.com&password1=" + "x" * 3_000_000
    response = client.post("/account/signup/", data=body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_chunked_body_without_a_length_is_refused(client: Any) -> None:
    response = client.post(
        "/account/signup/", data=b"email=a", content_type="text/plain", HTTP_TRANSFER_ENCODING="chunked"
    )

    assert response.status_code == 413


def test_gunicorn_refuses_oversized_headers_and_logs_no_query_strings() -> None:
    from carers_portal import gunicorn_conf

    assert gunicorn_conf.limit_request_line <= 8190
    assert "%(U)s" in gunicorn_conf.access_log_format  # the path without its query string
    assert "%(r)s" not in gunicorn_conf.access_log_format
    assert "%(f)s" not in gunicorn_conf.access_log_format  # the referrer carries the last query
