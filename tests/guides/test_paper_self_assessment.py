"""The paper self-assessment: every question of the online one, numbered, with where to send it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape

from accounts import eligibility as elig
from accounts import steps
from accounts.keyed_in_forms import PAPER_ABOUT_FIELDS
from services.guides.paper import paper_sections

pytestmark = pytest.mark.django_db


def test_it_asks_every_online_question_with_its_reference_for_keying_in(client: Client) -> None:
    html = client.get("/carers/assessment/paper/").content.decode()
    online = [(step.slug, name, field) for step in steps.STEPS for name, field in step.form_class().fields.items()]
    for slug, name, field in online:
        assert escape(str(field.label)) in html, (slug, name)
        assert f"For staff: {slug} / {name}" in html
    for label in elig.ABILITY_LABELS.values():
        assert escape(label) in html
    numbers = [q.number for section in paper_sections() for q in section.questions]
    assert numbers == list(range(1, len(online) + len(PAPER_ABOUT_FIELDS) + 1))


def test_it_says_where_to_send_it_without_inventing_an_address(client: Client) -> None:
    html = client.get("/carers/assessment/paper/").content.decode()
    assert "ask for the address to send it to" in html
    assert "03000 41 61 61" in html
    assert "18001 03000 41 61 61" in html
    assert "social.services@kent.gov.uk" in html
    assert "<form" not in html.split('id="main-content"')[1]  # a page to print, not a form to fill in online


def test_it_is_linked_from_the_carers_page(client: Client) -> None:
    assert 'href="/carers/assessment/paper/"' in client.get("/carers/").content.decode()
