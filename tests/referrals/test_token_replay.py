"""A submission token belongs to the session that was given it: replaying someone else's reveals nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from services.referrals.models import Referral
from tests.referrals.journey import answer_all, send, submission_token, url


def _reveals(response: Any, referral: Referral) -> bool:
    page = response.content.decode()
    return referral.reference in page or str(referral.uuid) in page or referral.email in page


@pytest.mark.django_db
def test_another_sessions_token_does_not_show_its_confirmation(service_factory: Any) -> None:
    service = service_factory()
    victim, attacker, stranger = Client(), Client(), Client(REMOTE_ADDR="192.0.2.77")
    token = submission_token(answer_all(victim, service))
    send(victim, service, answer_all(victim, service))
    referral = Referral.objects.get()
    assert referral.submission_token == token

    # Part-way through a journey of their own, or with no journey at all: back to the start, nothing shown.
    answer_all(attacker, service)
    for client in (attacker, stranger):
        response = client.post(url(service, "check-your-answers"), {"submission_token": token})
        assert response.status_code == 302
        assert response["Location"] == url(service, "start")
        followed = client.get(url(service, "confirmation"), follow=True)
        assert not _reveals(followed, referral)
    assert Referral.objects.count() == 1

    # The attacker's own answers are still theirs to send, with their own token.
    send(attacker, service, answer_all(attacker, service))
    assert Referral.objects.count() == 2


@pytest.mark.django_db
def test_tokens_are_random_per_journey(service_factory: Any) -> None:
    service = service_factory()
    tokens = {submission_token(answer_all(Client(), service)) for _ in range(3)}
    assert len(tokens) == 3
    assert all(len(token) >= 32 for token in tokens)
