"""Asking for a carer's assessment makes a referral, so the referral rate limits apply to it too (security review
2026-12-07, low 2: seven requests in an hour from an account over the limit each made a referral and emails)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from carers_portal.core.models import OutboundEmail
from services.referrals.models import Referral
from tests.accounts.support import submitted

pytestmark = pytest.mark.django_db


def test_an_account_over_the_referral_limit_cannot_ask_for_an_assessment(
    client: Client,
    carer_factory: Any,
    providers: dict[str, Any],
    settings: Any,
) -> None:
    submitted(client, carer_factory)
    settings.REFERRAL_RATE_LIMIT = 0  # already over the limit, as after five referrals in the hour
    response = client.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "morning"})
    assert response.status_code == 429
    assert "Please try again later" in response.content.decode()
    assert not Referral.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not mail.outbox


def test_the_journey_and_the_assessment_request_share_one_count(
    client: Client,
    carer_factory: Any,
    providers: dict[str, Any],
    settings: Any,
) -> None:
    from services.referrals.services.submit import referral_rate_limit_exceeded

    submitted(client, carer_factory)
    user = Referral._meta.get_field("submitted_by").related_model.objects.get(email="carer@example.com")
    settings.REFERRAL_RATE_LIMIT = 1
    # One referral through the journey (counted as the journey counts it) uses this hour's allowance...
    assert not referral_rate_limit_exceeded(client_key="another-address", user=user)
    # ...so asking for an assessment, even from another address, is refused.
    response = client.post("/carers/assessment/versions/1/ask/", {"consent": "on", "best_time": "morning"})
    assert response.status_code == 429
    assert not Referral.objects.exists()
