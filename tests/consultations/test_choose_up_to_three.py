"""The carers strategy's "choose up to three" question (seed 004, "Which actions are more important to you?"):
the online form and the easy read version (the same question id) take up to three, refuse a fourth, and the
export and the results count each choice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.demo import CARERS_STRATEGY_SLUG, demo_seed
from consultations.models import Answer, Consultation, Question
from consultations.questionnaire import questionnaire_load
from tests.consultations.support import check_url, field, option_id, page, rows

pytestmark = pytest.mark.usefixtures("demo_consultations")

RESIDENT = "As a Kent resident giving my views as an individual"
REGULAR = "Regular and reliable support"
CHOSEN = [REGULAR, "Telling your story once", "Trusted points of contact"]
FOURTH = "Carer education and training"


def reopened() -> Consultation:
    """The 2022 consultation, open again for these tests (rolled back after each)."""
    now = timezone.now()
    Consultation.objects.filter(slug=CARERS_STRATEGY_SLUG).update(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), results_published_at=None
    )
    return Consultation.objects.get(slug=CARERS_STRATEGY_SLUG)


def respond(client: Client, consultation: Consultation, *, version: str) -> str:
    """Answer in one version, trying four choices first; returns the page the question is on."""
    important = consultation.questions.get(code="most-important")
    number = next(
        i
        for i, section in enumerate(questionnaire_load(consultation=consultation).sections, 1)
        if any(q.question.pk == important.pk for q in section.questions)
    )
    version_url = reverse("consultations:respond_version", kwargs={"slug": consultation.slug, "version": version})
    client.get(version_url)
    first = client.post(
        page(consultation, 1), {field(consultation, "capacity"): option_id(consultation, "capacity", RESIDENT)}
    )
    assert first.status_code == 302
    shown = client.get(page(consultation, number)).content.decode()
    four = [option_id(consultation, "most-important", text) for text in [*CHOSEN, FOURTH]]
    refused = client.post(page(consultation, number), {important.field_name: four})
    assert refused.status_code == 200
    assert "Select up to 3 options" in refused.content.decode()
    taken = client.post(page(consultation, number), {important.field_name: four[:3]})
    assert taken.status_code == 302
    assert client.post(check_url(consultation), {})["Location"].endswith("/respond/done/")
    return shown


def test_both_versions_take_up_to_three_into_the_same_columns(commissioner_client: Client) -> None:
    consultation = reopened()
    important = consultation.questions.get(code="most-important")
    standard = respond(Client(), consultation, version="standard")
    easy = respond(Client(), consultation, version="easy-read")
    for shown in (standard, easy):
        assert 'type="checkbox"' in shown
        assert f'name="{important.field_name}"' in shown
        assert "Choose up to 3." in shown
    assert important.text in standard
    assert "Which of these things matter most to you? You can choose up to 3." in easy
    assert important.text not in easy

    export = commissioner_client.get(reverse("consultations:export", kwargs={"slug": consultation.slug}))
    table = rows(b"".join(export.streaming_content), excel=True)  # type: ignore[attr-defined]
    header = table[0]
    assert "Which of these things matter most to you?" not in " ".join(header)
    chosen = {
        text: sum(1 for row in table[1:] if row[header.index(f"{important.text}: {text}")] == "Yes")
        for text in [*CHOSEN, FOURTH]
    }
    assert chosen == {
        REGULAR: 231 + 2,
        "Telling your story once": 140 + 2,
        "Trusted points of contact": 110 + 2,
        FOURTH: 30,
    }

    results = commissioner_client.get(reverse("consultations:results", kwargs={"slug": consultation.slug}))
    body = " ".join(results.content.decode().split())
    assert "People could choose more than one answer" in body
    assert f'{REGULAR}</th><td class="govuk-table__cell govuk-table__cell--numeric">233</td>' in body


def test_a_demo_seeded_with_the_old_single_choice_is_seeded_afresh() -> None:
    """Before issue 24 the demo asked for one choice; seeding again rebuilds the questionnaire and its responses."""
    Question.objects.filter(consultation__slug=CARERS_STRATEGY_SLUG, code="most-important").update(
        kind=Question.Kind.SINGLE, max_choices=None
    )
    demo_seed()
    consultation = Consultation.objects.get(slug=CARERS_STRATEGY_SLUG)
    important = consultation.questions.get(code="most-important")
    assert (important.kind, important.max_choices) == (Question.Kind.MULTIPLE, 3)
    assert consultation.responses.count() == 387
    regular = Answer.objects.filter(question=important, option__text=REGULAR).count()
    assert (regular, Answer.objects.filter(question=important).values("response").distinct().count()) == (231, 385)
