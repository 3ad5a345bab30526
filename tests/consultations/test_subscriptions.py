"""Topic subscriptions with double opt-in, one-click unsubscribe, and the emails each sent once."""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.models import OutboundEmail
from consultations.models import Consultation, Response, Subscription, Topic
from consultations.services.notifications import notifications_send_due
from consultations.services.subscriptions import unsubscribe_token_make
from tests.consultations.conftest import build_consultation
from tests.support import BASE_DIR, celery_worker, database_url, sent_messages, wait_until


def subscribe(client: Client, email: str, topics: list[str]) -> str:
    response = client.post(reverse("consultations:subscribe"), {"email": email, "topics": topics})
    assert "Check your email" in response.content.decode()
    message = OutboundEmail.objects.filter(to=email, category="consultation-subscribe").latest("pk")
    link = re.search(r"http://\S+/subscribe/confirm/\S+/", message.body_text)
    assert link is not None
    return link.group(0).replace("http://127.0.0.1:8000", "")


@pytest.mark.django_db
def test_double_opt_in_then_one_click_unsubscribe() -> None:
    client = Client()
    confirm = subscribe(client, "older@example.com", [Topic.OLDER_PEOPLE])
    assert not Subscription.objects.exists()  # nothing stored until confirmed
    assert "You are subscribed" in client.get(confirm).content.decode()
    subscription = Subscription.objects.get()
    assert subscription.is_active
    assert subscription.topics == [Topic.OLDER_PEOPLE]

    token = unsubscribe_token_make(subscription=subscription)
    url = reverse("consultations:unsubscribe", kwargs={"token": token})
    assert "Unsubscribe" in client.get(url).content.decode()
    assert Subscription.objects.get().is_active  # a link scanner's GET does not unsubscribe
    one_click = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert not Subscription.objects.get().is_active
    assert client.post(reverse("consultations:unsubscribe", kwargs={"token": "forged"})).status_code == 400


@pytest.mark.django_db
def test_subscribe_form_errors_and_honeypot() -> None:
    body = Client().post(reverse("consultations:subscribe"), {"email": "nope"}).content.decode()
    assert "Enter an email address in the correct format, like name@example.com" in body
    assert "Select at least one topic" in body
    Client().post(
        reverse("consultations:subscribe"),
        {"email": "bot@example.com", "topics": [Topic.CARERS], "website": "spam"},
    )
    assert not OutboundEmail.objects.filter(to="bot@example.com").exists()


@pytest.mark.django_db
def test_opening_reminder_and_results_emails_are_each_sent_once() -> None:
    consultation = build_consultation(opens_in_days=1, closes_in_days=20)
    Subscription.objects.create(email="a@example.com", topics=[Topic.OLDER_PEOPLE], confirmed_at=timezone.now())
    Subscription.objects.create(email="b@example.com", topics=[Topic.CARERS], confirmed_at=timezone.now())
    Subscription.objects.create(email="c@example.com", topics=[Topic.OLDER_PEOPLE])  # never confirmed
    Response.objects.create(consultation=consultation, email="drafter@example.com", draft={"1": "x"})

    assert notifications_send_due() == {"opening": 0, "reminder": 0, "results": 0}
    with time_machine.travel(consultation.opens_at + timedelta(minutes=5)):
        assert notifications_send_due()["opening"] == 1
        assert notifications_send_due()["opening"] == 0
    with time_machine.travel(consultation.closes_at - timedelta(days=6)):
        assert notifications_send_due()["reminder"] == 2  # the subscriber and the unsubmitted draft
        assert notifications_send_due()["reminder"] == 0
    Consultation.objects.filter(pk=consultation.pk).update(
        results_published_at=consultation.closes_at + timedelta(days=3)
    )
    with time_machine.travel(consultation.closes_at + timedelta(days=4)):
        assert notifications_send_due()["results"] == 1
    emails = OutboundEmail.objects.exclude(category="consultation-subscribe")
    assert sorted(emails.values_list("category", "to")) == [
        ("consultation-opening", "a@example.com"),
        ("consultation-reminder", "a@example.com"),
        ("consultation-reminder", "drafter@example.com"),
        ("consultation-results", "a@example.com"),
    ]
    opening = emails.get(category="consultation-opening")
    assert "List-Unsubscribe" in opening.headers
    assert "/consultations/unsubscribe/" in opening.body_text
    # The dedupe keys outlive the rows (forgotten after 7 days): they name no one's address.
    for key in OutboundEmail.objects.exclude(dedupe_key=None).values_list("dedupe_key", flat=True):
        assert "@" not in key, key


@pytest.mark.django_db
def test_addresses_already_in_dedupe_keys_are_forgotten_by_a_migration() -> None:
    subscription = Subscription.objects.create(email="a@example.com", topics=[Topic.CARERS])
    old = OutboundEmail.objects.create(to="", subject="", dedupe_key="consultation-opening:7:a@example.com")
    gone = OutboundEmail.objects.create(to="", subject="", dedupe_key="consultation-results:7:left@example.com")
    other = OutboundEmail.objects.create(to="", subject="", dedupe_key="consultation-receipt:12")
    migration = importlib.import_module("consultations.migrations.0006_dedupe_keys_without_addresses")

    migration.forget_addresses(apps, None)

    assert OutboundEmail.objects.get(pk=old.pk).dedupe_key == f"consultation-opening:7:{subscription.pk}"
    assert OutboundEmail.objects.get(pk=gone.pk).dedupe_key == f"consultation-results:7:gone-{gone.pk}"
    assert OutboundEmail.objects.get(pk=other.pk).dedupe_key == "consultation-receipt:12"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_opening_and_reminder_emails_once_each() -> None:
    consultation = build_consultation(opens_in_days=-1, closes_in_days=5)
    Subscription.objects.create(email="sub@example.com", topics=[Topic.OLDER_PEOPLE], confirmed_at=timezone.now())
    mail_dir = Path(tempfile.mkdtemp(prefix="kcp-mail-"))
    env = os.environ | {"DATABASE_URL": database_url()}
    with celery_worker(redis_url=os.environ["REDIS_URL"], extra_env={"EMAIL_FILE_PATH": str(mail_dir)}):
        for _ in range(2):  # what beat does on its schedule: twice must not send twice
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "carers_portal",
                    "call",
                    "consultations.tasks.consultation_notifications_send",
                ],
                cwd=BASE_DIR,
                env=env,
                check=True,
                capture_output=True,
            )
        wait_until(
            lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, to="sub@example.com").count() == 2,
            timeout=90,
        )
        wait_until(lambda: Consultation.objects.get(pk=consultation.pk).reminder_notified_at is not None, timeout=30)
    written = sent_messages(mail_dir)
    assert len(written) == 2
    assert sum("Subject: New consultation: Day services for older people" in text for text in written) == 1
    assert sum("Subject: One week left: Day services for older people" in text for text in written) == 1


@pytest.mark.django_db
def test_task_is_on_the_beat_schedule(settings: Any) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["consultation-notifications"]
    assert entry["task"] == "consultations.tasks.consultation_notifications_send"


@pytest.mark.django_db
def test_unsubmitted_drafts_are_deleted_30_days_after_closing() -> None:
    from consultations.tasks import consultation_drafts_purge

    consultation = build_consultation(opens_in_days=-60, closes_in_days=-31)
    recent = build_consultation("recent", opens_in_days=-60, closes_in_days=-5)
    Response.objects.create(consultation=consultation, email="old@example.com")
    Response.objects.create(consultation=recent, email="recent@example.com")
    kept = Response.objects.create(
        consultation=consultation, status=Response.Status.SUBMITTED, submitted_at=timezone.now()
    )
    assert consultation_drafts_purge() == 1
    assert set(Response.objects.values_list("pk", flat=True)) == {
        kept.pk,
        *recent.responses.values_list("pk", flat=True),
    }


@pytest.mark.django_db
def test_the_confirmation_link_does_not_carry_the_email_address_readable(settings: Any) -> None:
    import base64
    import binascii

    confirm = subscribe(Client(), "Private.Person@example.com", [Topic.OLDER_PEOPLE])
    token = confirm.rstrip("/").rsplit("/", 1)[-1]
    decoded = b""
    for part in re.split(r"[:.]", token):
        with contextlib.suppress(binascii.Error, ValueError):
            decoded += base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    for form in ("private.person", "Private.Person", "older"):
        assert form not in token.lower()
        assert form.encode() not in decoded.lower()

    tampered = confirm.replace(token, token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:])
    assert Client().get(tampered).status_code == 400
    assert not Subscription.objects.exists()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-rotated-secret-key-for-this-test"
    assert "You are subscribed" in Client().get(confirm).content.decode()  # a key rotation keeps links working
    assert Subscription.objects.get().email == "private.person@example.com"
