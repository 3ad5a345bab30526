"""The questionnaire as plain data, and the rules that apply to answers (visibility, validation).

Loaded once per request with two queries; every page of the respond journey, the check answers page,
submission, keying in and the exports read it, so the rules live in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Union

from carers_portal.core.forms import postcode_problem
from consultations.models import Consultation, Option, Question, Section
from services.geography import postcode_normalise

# A draft answer: option ids (as strings) for choice questions, text otherwise.
AnswerValue = Union[str, list[str]]  # noqa: UP007 - used at runtime in isinstance-free annotations
Answers = dict[str, AnswerValue]

NUMBER_MAX_CHARS = 20
POSTCODE_MAX_CHARS = 16
_QUESTION_KEY = re.compile(r"^q\d+$")


@dataclass
class QuestionData:
    question: Question
    section_index: int
    options: list[Option] = field(default_factory=list)

    @property
    def key(self) -> str:
        return str(self.question.pk)

    @property
    def field_name(self) -> str:
        return f"q{self.question.pk}"

    @property
    def option_ids(self) -> set[str]:
        return {str(o.pk) for o in self.options}

    def option_text(self, option_id: str) -> str:
        for option in self.options:
            if str(option.pk) == option_id:
                return option.text
        return ""

    @property
    def limit(self) -> int:
        kind = self.question.kind
        if kind == Question.Kind.NUMBER:
            return NUMBER_MAX_CHARS
        if kind == Question.Kind.POSTCODE:
            return POSTCODE_MAX_CHARS
        return self.question.max_length


@dataclass
class SectionData:
    section: Section
    index: int
    questions: list[QuestionData] = field(default_factory=list)


@dataclass
class Questionnaire:
    consultation: Consultation
    sections: list[SectionData]

    @property
    def questions(self) -> list[QuestionData]:
        return [q for s in self.sections for q in s.questions]

    def by_key(self) -> dict[str, QuestionData]:
        return {q.key: q for q in self.questions}

    def main_questions(self) -> list[QuestionData]:
        return [q for s in self.sections if not s.section.is_equality for q in s.questions]

    def equality_questions(self) -> list[QuestionData]:
        return [q for s in self.sections if s.section.is_equality for q in s.questions]


def questionnaire_load(*, consultation: Consultation, easy_read: bool = False) -> Questionnaire:
    """Sections, questions and options in questionnaire order (three queries).

    With `easy_read`, questions and options that have easy read wording show it instead (in memory only:
    the ids, and so the answers and the export, are the same).
    """
    sections = [
        SectionData(section=s, index=i) for i, s in enumerate(Section.objects.filter(consultation=consultation))
    ]
    by_section = {s.section.pk: s for s in sections}
    questions = list(
        Question.objects.filter(consultation=consultation).order_by("section__order", "section_id", "order", "pk")
    )
    options: dict[int, list[Option]] = {}
    for option in Option.objects.filter(question__consultation=consultation).order_by("order", "pk"):
        options.setdefault(option.question_id, []).append(option)
    if easy_read:
        for question in questions:
            question.text = question.easy_read_text or question.text
            question.help_text = question.easy_read_help or question.help_text
        for option in (o for group in options.values() for o in group):
            option.text = option.easy_read_text or option.text
    for question in questions:
        section = by_section.get(question.section_id)
        if section is not None:
            section.questions.append(
                QuestionData(question=question, section_index=section.index, options=options.get(question.pk, []))
            )
    return Questionnaire(consultation=consultation, sections=sections)


def answer_given(value: AnswerValue | None) -> bool:
    if value is None:
        return False
    if isinstance(value, list):
        return bool(value)
    return bool(value.strip())


def question_visible(q: QuestionData, answers: Answers) -> bool:
    """Forward-only display conditions on an earlier answer (Decidim's answered / equal / not equal)."""
    question = q.question
    if not question.condition_question_id or not question.condition:
        return True
    earlier = answers.get(str(question.condition_question_id))
    if question.condition == Question.Condition.ANSWERED:
        return answer_given(earlier)
    chosen = set(earlier if isinstance(earlier, list) else ([earlier] if earlier else []))
    includes = str(question.condition_option_id) in chosen
    if question.condition == Question.Condition.EQUALS:
        return includes
    return answer_given(earlier) and not includes


def condition_hint(q: QuestionData, questionnaire: Questionnaire) -> str:
    """Plain-English hint for a conditional question shown on the same page as the question it depends on."""
    earlier = questionnaire.by_key().get(str(q.question.condition_question_id))
    if earlier is None:
        return ""
    if q.question.condition == Question.Condition.ANSWERED:
        return f"Only answer this if you answered “{earlier.question.text}”."
    option = earlier.option_text(str(q.question.condition_option_id))
    if q.question.condition == Question.Condition.EQUALS:
        return f"Only answer this if you chose “{option}”."
    return f"Only answer this if you did not choose “{option}”."


def post_tampering(*, questions: list[QuestionData], data: dict[str, list[str]]) -> list[str]:
    """Problems that a person using the real form cannot cause: a forged or tampered post.

    `data` maps each posted key to all its values. Returns messages; empty when the post is plausible.
    """
    problems: list[str] = []
    known = {q.field_name: q for q in questions}
    for key, values in data.items():
        if not _QUESTION_KEY.match(key):
            continue
        q = known.get(key)
        if q is None:
            problems.append(f"Question {key[1:]} is not on this page.")
            continue
        kind = q.question.kind
        if q.question.is_choice:
            unknown = [v for v in values if v not in q.option_ids]
            if unknown:
                problems.append(f"“{unknown[0][:40]}” is not an option for the question “{q.question.text}”.")
            if kind != Question.Kind.MULTIPLE and len(values) > 1:
                problems.append(f"Only one answer can be given to the question “{q.question.text}”.")
            if kind == Question.Kind.MULTIPLE and len(set(values)) != len(values):
                problems.append(f"An option was sent twice for the question “{q.question.text}”.")
            continue
        if len(values) > 1:
            problems.append(f"Only one answer can be given to the question “{q.question.text}”.")
        elif values and len(values[0]) > q.limit:
            problems.append(f"Your answer to “{q.question.text}” must be {q.limit:,} characters or fewer.")
    return problems


def value_error(q: QuestionData, value: AnswerValue | None) -> str | None:
    """A GOV.UK-style message when a (non-tampered) answer is not acceptable, else None."""
    if not answer_given(value):
        if q.question.required:
            return "Select an answer" if q.question.is_choice else "Enter an answer"
        return None
    kind = q.question.kind
    if q.question.is_choice:
        values = value if isinstance(value, list) else [value]  # type: ignore[list-item]
        if any(v not in q.option_ids for v in values):
            return "Select one of the options"
        if kind == Question.Kind.MULTIPLE and q.question.max_choices and len(values) > q.question.max_choices:
            return f"Select up to {q.question.max_choices} options"
        return None
    if not isinstance(value, str):
        return "Enter an answer"
    if len(value) > q.limit:
        return f"Your answer must be {q.limit:,} characters or fewer"
    if kind == Question.Kind.NUMBER:
        try:
            number = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            return "Enter a number, like 12"
        if not number.is_finite():
            return "Enter a number, like 12"
    if kind == Question.Kind.POSTCODE:
        return postcode_problem(value) or None
    return None


def value_normalise(q: QuestionData, value: AnswerValue) -> AnswerValue:
    if isinstance(value, list):
        order = [str(o.pk) for o in q.options]
        return sorted(set(value), key=order.index)
    text = value.strip()
    if q.question.kind == Question.Kind.POSTCODE:
        return postcode_normalise(text) or text
    if q.question.kind == Question.Kind.NUMBER:
        return text.replace(",", "")
    return text


def answers_problems(*, questionnaire: Questionnaire, answers: Answers) -> dict[str, tuple[int, str]]:
    """Every visible question whose answer is missing or no longer valid: {question key: (section index, message)}."""
    problems: dict[str, tuple[int, str]] = {}
    for q in questionnaire.questions:
        if not question_visible(q, answers):
            continue
        message = value_error(q, answers.get(q.key))
        if message:
            problems[q.key] = (q.section_index, message)
    return problems


def answers_visible(*, questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers that count: only questions still shown given the earlier answers."""
    return {
        q.key: answers[q.key]
        for q in questionnaire.questions
        if q.key in answers and answer_given(answers[q.key]) and question_visible(q, answers)
    }


def answer_display(q: QuestionData, value: AnswerValue | None) -> str:
    if not answer_given(value):
        return ""
    if q.question.is_choice:
        values = value if isinstance(value, list) else [value]  # type: ignore[list-item]
        return ", ".join(q.option_text(v) for v in values if v)
    return str(value)
