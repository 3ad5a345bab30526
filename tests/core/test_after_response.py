"""Work done once a response has been sent (carers_portal.core.services.after_response)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from carers_portal.core.services import after_response

# Closing a response ends the request: Django then checks its database connections.
pytestmark = pytest.mark.django_db


def test_the_work_runs_when_the_server_closes_the_response() -> None:
    response = HttpResponse("The page")
    done: list[str] = []
    after_response(response, lambda: done.append("kept"))
    assert done == []  # not while the page is still being sent
    response.close()
    assert done == ["kept"]


def test_failed_work_is_logged_and_the_response_still_closes(caplog: pytest.LogCaptureFixture) -> None:
    response = HttpResponse("The page")
    after_response(response, lambda: 1 / 0)
    response.close()
    assert response.closed
    assert "Work after a response failed" in caplog.text
    assert "ZeroDivisionError" in caplog.text
