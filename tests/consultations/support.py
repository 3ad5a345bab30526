"""Helpers shared by the consultation tests: a small questionnaire, its field names and ready-made responses."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from consultations.models import Answer, Consultation, Option, Question, Section, Topic
from consultations.services.authoring import (
    question_condition_set,
    question_create,
    questionnaire_add_standard_questions,
)
from consultations.synthetic import SyntheticResponse, responses_copy


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


def page(consultation: Consultation, number: int) -> str:
    return reverse("consultations:respond_section", kwargs={"slug": consultation.slug, "number": number})


def check_url(consultation: Consultation) -> str:
    return reverse("consultations:respond_check", kwargs={"slug": consultation.slug})


def first_page(consultation: Consultation, **extra: str) -> dict[str, str]:
    data = {
        field(consultation, "capacity"): option_id(consultation, "capacity", "As a Kent resident"),
        field(consultation, "postcode"): "ct5 1aa",
    }
    return data | extra


def second_page(consultation: Consultation) -> dict[str, Any]:
    return {
        field(consultation, "uses"): option_id(consultation, "uses", "Yes"),
        field(consultation, "which"): [
            option_id(consultation, "which", "Lunch club"),
            option_id(consultation, "which", "Art"),
        ],
        field(consultation, "agree"): option_id(consultation, "agree", "Tend to disagree"),
        field(consultation, "why"): "=1+2 the lunch club matters",
        field(consultation, "visits"): "4",
    }


def key_in_url(consultation: Consultation) -> str:
    return reverse("admin:consultations_consultation_key_in", args=[consultation.pk])


def agree_responses(consultation: Consultation, counts: dict[str, int], capacity: str) -> None:
    question = consultation.questions.get(code="agree")
    capacity_id = option_id(consultation, "capacity", capacity)
    items = []
    for text, count in counts.items():
        for _ in range(count):
            answers: dict[str, Any] = {str(consultation.questions.get(code="capacity").pk): capacity_id}
            if text:
                answers[str(question.pk)] = option_id(consultation, "agree", text)
            items.append(
                SyntheticResponse(
                    channel="online", submitted_at=timezone.now(), answers=answers, respondent_type=capacity
                )
            )
    responses_copy(consultation=consultation, responses=items)


def written(consultation: Consultation, items: list[tuple[str, str]]) -> list[Answer]:
    """Submitted responses with a written answer to "Why do you say that?": (respondent type, text)."""
    why = consultation.questions.get(code="why")
    capacity = consultation.questions.get(code="capacity")
    responses_copy(
        consultation=consultation,
        responses=[
            SyntheticResponse(
                channel="online",
                submitted_at=timezone.now(),
                answers={
                    str(why.pk): text,
                    str(capacity.pk): option_id(consultation, "capacity", respondent_type),
                    str(consultation.questions.get(code="uses").pk): option_id(consultation, "uses", "No"),
                },
                respondent_type=respondent_type,
            )
            for respondent_type, text in items
        ],
    )
    return list(Answer.objects.filter(question=why).order_by("pk"))


def rows(body: bytes, *, excel: bool) -> list[list[str]]:
    text = body.decode("utf-8")
    if excel:
        assert text.startswith("\ufeff")
        assert "\r\n" in text
        text = text[1:]
    return list(csv.reader(io.StringIO(text)))


def easy_read_words(consultation: Consultation) -> None:
    Question.objects.filter(consultation=consultation, code="uses").update(
        easy_read_text="Do you go to a day centre?", easy_read_help="A day centre is a place to meet people."
    )
    Option.objects.filter(question__consultation=consultation, question__code="agree", text="Tend to disagree").update(
        easy_read_text="I do not agree"
    )
