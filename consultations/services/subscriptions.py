"""Email subscriptions to consultation topics: double opt-in by an encrypted link, and unsubscribing."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from carers_portal.core.services import email_enqueue_template
from consultations.models import (
    Subscription,
    Topic,
)

SUBSCRIBE_SALT = "consultations.subscribe"
UNSUBSCRIBE_SALT = "consultations.unsubscribe"
SUBSCRIBE_LINK_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class SubscriptionRequest:
    email: str
    topics: list[str]


def _subscribe_cipher() -> MultiFernet:
    """Encrypts (and authenticates) the confirmation link's contents: the email address must not be readable in a
    link, a log or a browser's history. Keys come from SECRET_KEY (and its fallbacks, so rotating it keeps links
    working)."""
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(salted_hmac(SUBSCRIBE_SALT, "link", secret=key, algorithm="sha256").digest())
            )
            for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        ]
    )


def subscription_request(*, email: str, topics: list[str]) -> None:
    """Send a confirmation link; nothing is stored until the person confirms (double opt-in), so the link carries
    the email address and topics, encrypted."""
    topics = [t for t in Topic.values if t in topics]
    token = _subscribe_cipher().encrypt(json.dumps({"e": email.lower(), "t": topics}).encode()).decode()
    url = settings.SITE_URL + reverse("consultations:subscribe_confirm", kwargs={"token": token})
    labels = dict(Topic.choices)
    with transaction.atomic():
        email_enqueue_template(
            to=email,
            template="consultations/email/subscribe_confirm",
            context={"confirm_url": url, "topics": [labels[t] for t in topics]},
            category="consultation-subscribe",
        )


def subscription_confirm(*, token: str) -> Subscription | None:
    try:
        data = json.loads(_subscribe_cipher().decrypt(token.encode(), ttl=SUBSCRIBE_LINK_MAX_AGE))
    except (InvalidToken, UnicodeError, ValueError):
        return None
    subscription, _ = Subscription.objects.update_or_create(
        email=data["e"],
        defaults={"topics": data["t"], "confirmed_at": timezone.now(), "unsubscribed_at": None},
    )
    return subscription


def unsubscribe_token_make(*, subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_unsubscribe(*, token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription
