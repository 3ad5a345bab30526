"""Password reset is limited per (email, address), like sign-in: nobody can block a person's reset from their own
address (security review 2026-12-07, low 3: `3/h/key` let anyone lock out anyone's reset for an hour)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from carers_portal.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

RESET = "/account/password/reset/"


def _ask(address: str, email: str = "known@example.com") -> Any:
    return Client(REMOTE_ADDR=address).post(RESET, {"email": email})


def test_requests_from_elsewhere_do_not_block_the_persons_own_reset(user_factory: Any) -> None:
    user_factory(email="known@example.com")
    for n in range(3):  # an attacker uses up the email's allowance from other addresses
        assert _ask(f"198.51.100.{n + 1}").status_code == 302
    assert _ask("203.0.113.7").status_code == 302  # the person's own address still gets a link
    assert OutboundEmail.objects.filter(to="known@example.com").count() == 4


def test_one_address_asking_again_and_again_for_one_email_is_limited(user_factory: Any) -> None:
    user_factory(email="known@example.com")
    statuses = [_ask("198.51.100.9").status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429
    assert OutboundEmail.objects.filter(to="known@example.com").count() == 3


def test_one_address_cannot_ask_for_many_emails(user_factory: Any) -> None:
    statuses = [_ask("198.51.100.10", f"person{n}@example.com").status_code for n in range(6)]
    assert statuses[-1] == 429
