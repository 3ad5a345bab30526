from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
def test_an_unreachable_database_answers_503_try_again_not_500(client: Any, settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.core.db_down_urls"

    response = client.get("/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Sorry, the service is unavailable" in html
    assert "03000 41 61 61" in html


@pytest.mark.django_db
def test_an_outage_met_after_the_view_also_answers_503(rf: Any) -> None:
    # Seen in the PostgreSQL-restart reliability scenario: the view finished, then the session middleware's save
    # met the dropped connection. Django hands that to the 500 handler, not to a middleware's process_exception.
    from django.db import OperationalError

    from carers_portal.core.views import error_500

    request = rf.post("/account/signup/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = error_500(request)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_any_other_error_is_still_a_500(rf: Any) -> None:
    from carers_portal.core.views import error_500

    try:
        raise ValueError("a bug")
    except ValueError:
        response = error_500(rf.get("/"))

    assert response.status_code == 500
