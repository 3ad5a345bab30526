from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from consultations.models import Consultation, Question, Section, Topic
from consultations.services.authoring import (
    question_condition_set,
    question_create,
    questionnaire_add_standard_questions,
)


def build_consultation(
    slug: str = "day-services", *, opens_in_days: int = -1, closes_in_days: int = 30
) -> Consultation:
    """A small questionnaire with every kind of question, a condition and the standard questions."""
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Day services for older people",
        slug=slug,
        summary="Tell us about day services.",
        body="We propose changes.\n\nRead the document.",
        topics=[Topic.OLDER_PEOPLE],
        opens_at=now + timedelta(days=opens_in_days),
        closes_at=now + timedelta(days=closes_in_days),
    )
    first = Section.objects.create(consultation=consultation, title="About your response", order=1)
    views = Section.objects.create(consultation=consultation, title="Your views", order=2)
    questionnaire_add_standard_questions(consultation=consultation)
    question_create(section=first, code="postcode", text="What is your postcode?", kind=Question.Kind.POSTCODE)
    uses = question_create(
        section=views,
        code="uses",
        text="Do you use a day service?",
        kind=Question.Kind.SINGLE,
        options=["Yes", "No"],
        required=True,
    )
    which = question_create(
        section=views,
        code="which",
        text="Which activities do you go to?",
        kind=Question.Kind.MULTIPLE,
        options=["Lunch club", "Exercise", "Art", "Trips"],
        max_choices=2,
    )
    question_condition_set(question=which, on=uses, condition=Question.Condition.EQUALS, option_text="Yes")
    question_create(section=views, code="agree", text="Do you agree with the proposal?", kind=Question.Kind.AGREE)
    question_create(
        section=views, code="why", text="Why do you say that?", kind=Question.Kind.LONG_TEXT, max_length=200
    )
    question_create(section=views, code="visits", text="How many visits a month?", kind=Question.Kind.NUMBER)
    return consultation


def option_id(consultation: Consultation, code: str, text: str) -> str:
    return str(consultation.questions.get(code=code).options.get(text=text).pk)


def field(consultation: Consultation, code: str) -> str:
    return f"q{consultation.questions.get(code=code).pk}"


@pytest.fixture
def consultation(db: Any) -> Consultation:
    return build_consultation()


@pytest.fixture
def commissioner_client(staff_user_factory: Any, staff_login: Any) -> Client:
    user = staff_user_factory(email="commissioner@example.com", staff_role="commissioner")
    client: Client = staff_login(Client(), user)
    return client
