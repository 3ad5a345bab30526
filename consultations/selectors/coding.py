"""Coding written answers one at a time: the queue, a coder's position and codes, and theme suggestions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q, QuerySet

from consultations.models import (
    Answer,
    AnswerReview,
    AnswerTheme,
    Question,
    Theme,
)


def coding_answers(*, question: Question) -> QuerySet[Answer]:
    """The written answers to code (answer rows exist only for submitted responses), in a fixed order."""
    return Answer.objects.filter(question=question, option__isnull=True).exclude(text="").order_by("pk")


def _uncoded_by(answers: QuerySet[Answer], coder: Any) -> QuerySet[Answer]:
    return answers.exclude(reviews__coder=coder).exclude(themes_coded__coder=coder)


@dataclass
class CodingPosition:
    number: int  # this answer's place among all written answers, from 1
    total: int
    coded_by_you: int
    previous_id: int | None
    next_id: int | None


def coding_position(*, question: Question, answer: Answer, coder: Any, uncoded_only: bool) -> CodingPosition:
    """Where an answer sits, and the answers before and after it (only those the coder has yet to code, if asked).

    One pass over the question's written answers, each looked up in the coder's codes.
    """
    # Hashed once each (PostgreSQL's hashed subplans), rather than probed per answer.
    mine = Q(pk__in=AnswerReview.objects.filter(coder=coder, answer__question=question).values("answer_id")) | Q(
        pk__in=AnswerTheme.objects.filter(coder=coder, theme__question=question).values("answer_id")
    )
    moving = Q(coded=False) if uncoded_only else Q()
    figures = (
        coding_answers(question=question)
        .annotate(coded=ExpressionWrapper(mine, output_field=BooleanField()))
        .aggregate(
            total=Count("pk"),
            number=Count("pk", filter=Q(pk__lte=answer.pk)),
            coded_by_you=Count("pk", filter=Q(coded=True)),
            previous_id=Max("pk", filter=Q(pk__lt=answer.pk) & moving),
            next_id=Min("pk", filter=Q(pk__gt=answer.pk) & moving),
        )
    )
    return CodingPosition(**figures)


def coding_first_answer(*, question: Question, coder: Any, uncoded_only: bool) -> Answer | None:
    answers = coding_answers(question=question)
    return (_uncoded_by(answers, coder) if uncoded_only else answers).first()


def answer_theme_ids(*, answer: Answer, coder: Any) -> set[int]:
    """The themes this coder gave this answer."""
    return set(AnswerTheme.objects.filter(answer=answer, coder=coder).values_list("theme_id", flat=True))


def respondent_other_answers(*, answer: Answer) -> list[tuple[str, str]]:
    """The same person's other answers (question, answer), in questionnaire order: the context for coding."""
    rows: dict[int, tuple[str, list[str]]] = {}
    others = (
        Answer.objects.filter(response_id=answer.response_id)
        .exclude(pk=answer.pk)
        .select_related("question", "option")
        .order_by("question__section__order", "question__section_id", "question__order", "question_id", "option__order")
    )
    for other in others:
        text = other.option.text if other.option else other.text
        rows.setdefault(other.question_id, (other.question.text, []))[1].append(text)
    return [(question_text, "; ".join(values)) for question_text, values in rows.values()]


@dataclass
class Suggestion:
    theme: Theme
    words: list[str]  # this answer's words found in answers already coded with the theme
    score: float


SUGGESTIONS_MAX = 3
SUGGESTION_MIN_WORDS = 2
SUGGESTION_CODES = 3000  # the most recent codes of the question are compared, so a page stays quick


def theme_suggestions(*, answer: Answer) -> list[Suggestion]:
    """Themes whose coded answers share the most words with this one (PostgreSQL full text, English stemming).

    Each word of this answer (stemmed, common words left out) scores the share of a theme's coded
    answers that contain it (among the question's most recent codes); a theme is suggested when at
    least two words are shared. Suggestions are only shown: a person decides.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH mine AS (
                SELECT lexeme, min(token) AS word
                FROM ts_debug('english', %s) AS d, unnest(d.lexemes) AS lexeme
                GROUP BY lexeme
            ),
            recent AS (
                SELECT at.theme_id, at.answer_id
                FROM consultations_answertheme at
                JOIN consultations_theme t ON t.id = at.theme_id
                WHERE t.question_id = %s AND at.answer_id <> %s
                ORDER BY at.id DESC
                LIMIT %s
            ),
            coded AS (
                SELECT DISTINCT r.theme_id, a.id AS answer_id, a.text
                FROM recent r JOIN consultations_answer a ON a.id = r.answer_id
            ),
            sizes AS (SELECT theme_id, count(*) AS n FROM coded GROUP BY theme_id),
            shared AS (
                SELECT c.theme_id, l.lexeme, count(*) AS answers
                FROM coded c, unnest(tsvector_to_array(to_tsvector('english', c.text))) AS l(lexeme)
                WHERE l.lexeme IN (SELECT lexeme FROM mine)
                GROUP BY c.theme_id, l.lexeme
            )
            SELECT s.theme_id, array_agg(m.word ORDER BY s.answers DESC, m.word), sum(s.answers::float / z.n)
            FROM shared s JOIN mine m USING (lexeme) JOIN sizes z USING (theme_id)
            GROUP BY s.theme_id
            HAVING count(*) >= %s
            ORDER BY 3 DESC, 1
            LIMIT %s
            """,
            [answer.text, answer.question_id, answer.pk, SUGGESTION_CODES, SUGGESTION_MIN_WORDS, SUGGESTIONS_MAX],
        )
        rows = cursor.fetchall()
    themes = Theme.objects.in_bulk([row[0] for row in rows])
    return [Suggestion(themes[theme_id], list(words), score) for theme_id, words, score in rows if theme_id in themes]
