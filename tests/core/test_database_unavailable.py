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
