"""Draft consultation documents need two-step verification used this session, as results and reports do
(security review 2026-12-07, low 6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.consultations.support import PDF

pytestmark = pytest.mark.django_db


def test_a_commissioner_without_two_step_verification_this_session_gets_no_draft(
    documents: Any,
    staff_user_factory: Any,
    staff_login: Any,
) -> None:
    commissioner = staff_user_factory(email="c@example.org", staff_role="commissioner")
    draft = documents["draft"].get_absolute_url()

    unverified = Client()
    unverified.force_login(commissioner)  # signed in, but two-step verification not used this session
    assert unverified.get(draft).status_code == 404
    assert "Equality impact assessment" not in unverified.get("/consultations/day-services/").content.decode()

    verified = staff_login(Client(), commissioner)
    response = verified.get(draft)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
