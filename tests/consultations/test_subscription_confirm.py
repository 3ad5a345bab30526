"""Confirming a subscription is a POST behind a page (mail link scanners only GET), works once, and a link
followed after unsubscribing does not subscribe again; every page showing the email is no-store (security review
2026-12-07, lows 4 and 5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Subscription, Topic
from consultations.services.subscriptions import unsubscribe_token_make
from tests.consultations.support import subscribe

pytestmark = pytest.mark.django_db


def _no_store(response: object) -> bool:
    parts = {part.strip() for part in response["Cache-Control"].split(",")}  # type: ignore[index]
    return {"no-store", "private"} <= parts


def test_opening_the_link_shows_a_page_and_only_the_button_subscribes() -> None:
    client = Client()
    confirm = subscribe(client, "older@example.com", [Topic.OLDER_PEOPLE])
    page = client.get(confirm)
    assert page.status_code == 200
    assert not Subscription.objects.exists()  # a link scanner's GET subscribes nobody
    assert "<form" in page.content.decode()
    assert _no_store(page)
    done = client.post(confirm)
    assert "You are subscribed" in done.content.decode()
    assert _no_store(done)
    assert Subscription.objects.get().is_active


def test_the_link_works_once() -> None:
    client = Client()
    confirm = subscribe(client, "older@example.com", [Topic.OLDER_PEOPLE])
    assert "You are subscribed" in client.post(confirm).content.decode()
    again = client.post(confirm)
    assert "You are subscribed" not in again.content.decode()
    assert again.status_code == 400


def test_the_link_is_dead_after_unsubscribing() -> None:
    client = Client()
    confirm = subscribe(client, "older@example.com", [Topic.OLDER_PEOPLE])
    client.post(confirm)
    subscription = Subscription.objects.get()
    token = unsubscribe_token_make(subscription=subscription)
    client.post(reverse("consultations:unsubscribe", kwargs={"token": token}))
    assert not Subscription.objects.get().is_active
    revived = client.post(confirm)
    assert revived.status_code == 400
    assert not Subscription.objects.get().is_active


def test_every_page_that_shows_the_email_is_no_store() -> None:
    client = Client()
    sent = client.post(
        reverse("consultations:subscribe"), {"email": "older@example.com", "topics": [Topic.OLDER_PEOPLE]}
    )
    assert "older@example.com" in sent.content.decode()
    assert _no_store(sent)
    confirm = subscribe(client, "older@example.com", [Topic.OLDER_PEOPLE])
    assert _no_store(client.get(confirm))
