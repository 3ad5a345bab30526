"""Every public form page offers other ways to contact us: phone, text relay and email (or a consultation's own)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INCLUDE = '{% include "includes/other_ways_to_contact.html"'
# Forms that are not a way to ask for anything: staff tools, signing out of emails, deleting an account, removing a
# person, and the account page's settings.
NOT_A_REQUEST = {
    "accounts/dashboard.html",
    "accounts/key_in.html",
    "accounts/delete.html",
    "accounts/person_remove.html",
    "accounts/unsubscribe.html",
    "consultations/coding.html",
    "consultations/key_in.html",
    "consultations/subscribe.html",
    "consultations/subscribe_confirm.html",
    "consultations/unsubscribe.html",
}


def test_every_public_form_template_includes_it() -> None:
    journey = (TEMPLATES / "referrals" / "_journey.html").read_text(encoding="utf-8")
    assert INCLUDE in journey
    for folder in ("accounts", "referrals", "consultations"):
        for path in sorted((TEMPLATES / folder).glob("*.html")):
            name = f"{folder}/{path.name}"
            source = path.read_text(encoding="utf-8")
            if 'method="post"' not in source or name in NOT_A_REQUEST:
                continue
            assert INCLUDE in source or '{% extends "referrals/_journey.html" %}' in source, name


@pytest.mark.django_db
def test_the_carer_registration_form_shows_it(client: Client, user_factory: Any) -> None:
    client.force_login(user_factory(email="carer@example.com"))
    html = client.get("/carers/register/").content.decode()
    assert "Other ways to contact us" in html
    assert "18001 03000 41 61 61" in html
    assert "mailto:social.services@kent.gov.uk" in html


@pytest.mark.django_db
def test_the_referral_form_shows_it(client: Client) -> None:
    from tests.services.factories import ServiceFactory

    service = ServiceFactory(accepts_self_referral=True)
    html = client.get(f"/services/{service.slug}/refer/").content.decode()
    assert "Other ways to contact us" in html
    assert "tel:+443000416161" in html
