"""Themes in written answers: the codebook, theme counts, and how far two coders agree (Cohen's kappa)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef

from consultations.models import (
    Answer,
    AnswerReview,
    AnswerTheme,
    Consultation,
    Question,
    Theme,
)
from consultations.selectors.figures import Bar, percent


@dataclass
class ThemeCount:
    """How many written answers raise a theme (by any coder), overall and by respondent type.

    A parent theme counts the answers coded with it or with any theme under it, each answer once.
    """

    theme: Theme
    level: int
    count: int
    percent: int
    by_type: list[Bar] = field(default_factory=list)


@dataclass
class QuestionThemes:
    question: Question
    n: int  # written answers: the base of every percentage
    coded: int  # written answers at least one person has coded
    types: list[tuple[str, int]]  # respondent type and its written answers, in the order of `by_type`
    themes: list[ThemeCount]


def _codebook(themes: Iterable[Theme]) -> list[tuple[Theme, int]]:
    """Themes in codebook order: each top-level theme followed by the themes under it."""
    themes = list(themes)
    children: dict[int, list[Theme]] = defaultdict(list)
    for theme in themes:
        if theme.parent_id is not None:
            children[theme.parent_id].append(theme)
    ordered: list[tuple[Theme, int]] = []
    for theme in themes:
        if theme.parent_id is None:
            ordered.append((theme, 0))
            ordered.extend((child, 1) for child in children[theme.pk])
    return ordered


def theme_label(theme: Theme, level: int) -> str:
    """A theme under another is named with its parent: "Loss of support: Isolation"."""
    return f"{theme.parent.name}: {theme.name}" if level and theme.parent else theme.name


def codebook(*, question: Question) -> list[tuple[Theme, int]]:
    return _codebook(
        Theme.objects.filter(question=question).select_related("parent").order_by("position", "name", "pk")
    )


def question_themes(*, consultation: Consultation) -> dict[int, QuestionThemes]:
    """Theme counts and percentages of those answering, for each written question with a codebook.

    Four aggregate queries whatever the number of answers: the codebooks, written answers by
    respondent type, answers coded, and distinct answers per theme (and per parent) by respondent type.
    """
    themes = list(
        Theme.objects.filter(question__consultation=consultation)
        .select_related("parent")
        .order_by("position", "name", "pk")
    )
    if not themes:
        return {}
    question_ids = {t.question_id for t in themes}
    questions = {q.pk: q for q in Question.objects.filter(pk__in=question_ids)}
    written = (
        Answer.objects.filter(question_id__in=question_ids, option__isnull=True)
        .exclude(text="")
        .values("question_id", "response__respondent_type")
        .annotate(c=Count("id"))
        .order_by()
    )
    type_n: dict[int, dict[str, int]] = defaultdict(dict)
    for row in written:
        type_n[row["question_id"]][row["response__respondent_type"]] = row["c"]
    coded = dict(
        Answer.objects.filter(question_id__in=question_ids, option__isnull=True)
        .filter(
            Exists(AnswerTheme.objects.filter(answer_id=OuterRef("pk")))
            | Exists(AnswerReview.objects.filter(answer_id=OuterRef("pk")))
        )
        .values("question_id")
        .annotate(c=Count("id"))
        .values_list("question_id", "c")
        .order_by()
    )
    # Each answer once per theme and once per parent, however many coders chose it: the pairs are made
    # distinct first (a hash aggregate), then counted by respondent type.
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH codes AS (
                SELECT at.answer_id, g.theme_id
                FROM consultations_answertheme at
                JOIN consultations_theme t ON t.id = at.theme_id
                JOIN consultations_question q ON q.id = t.question_id
                CROSS JOIN LATERAL (VALUES (t.id), (t.parent_id)) AS g(theme_id)
                WHERE q.consultation_id = %s AND g.theme_id IS NOT NULL
                GROUP BY at.answer_id, g.theme_id
            )
            SELECT c.theme_id, r.respondent_type, count(*)
            FROM codes c
            JOIN consultations_answer a ON a.id = c.answer_id
            JOIN consultations_response r ON r.id = a.response_id
            GROUP BY c.theme_id, r.respondent_type
            """,
            [consultation.pk],
        )
        for theme_id, respondent_type, count in cursor.fetchall():
            counts[theme_id][respondent_type] = count
    by_question: dict[int, list[Theme]] = defaultdict(list)
    for theme in themes:
        by_question[theme.question_id].append(theme)
    results: dict[int, QuestionThemes] = {}
    for question_id, question_themes_list in by_question.items():
        ns = type_n.get(question_id, {})
        n = sum(ns.values())
        types = sorted(ns.items(), key=lambda item: (-item[1], item[0]))
        rows: list[ThemeCount] = []
        for theme, level in _codebook(question_themes_list):
            per_type = counts.get(theme.pk, {})
            count = sum(per_type.values())
            rows.append(
                ThemeCount(
                    theme=theme,
                    level=level,
                    count=count,
                    percent=percent(count, n),
                    by_type=[
                        Bar(t or "Not given", per_type.get(t, 0), percent(per_type.get(t, 0), tn)) for t, tn in types
                    ],
                )
            )
        results[question_id] = QuestionThemes(
            question=questions[question_id],
            n=n,
            coded=coded.get(question_id, 0),
            types=[(t or "Not given", tn) for t, tn in types],
            themes=rows,
        )
    return results


def cohens_kappa(first: Sequence[Hashable], second: Sequence[Hashable]) -> float | None:
    """Cohen's kappa for two coders' labels of the same items: (observed - chance agreement) / (1 - chance).

    None when it is undefined: no items, or both coders gave every item the same single label.
    """
    if len(first) != len(second):
        raise ValueError("Both coders must label the same items")
    total = len(first)
    if total == 0:
        return None
    observed = sum(1 for a, b in zip(first, second, strict=True) if a == b) / total
    first_counts = Counter(first)
    second_counts = Counter(second)
    chance = sum(first_counts[label] * second_counts.get(label, 0) for label in first_counts) / (total * total)
    if chance == 1:
        return None
    return (observed - chance) / (1 - chance)


@dataclass
class ThemeAgreement:
    theme: Theme
    level: int
    both: int  # answers both coders gave this theme
    either: int  # answers at least one of them did
    kappa: float | None


@dataclass
class Agreement:
    answers: int  # answers coded by two people
    kappa: float | None  # over every theme decision on those answers
    themes: list[ThemeAgreement]


def theme_agreement(*, question: Question) -> Agreement:
    """How far two coders agree, theme by theme, on the answers two people coded (Cohen's kappa).

    Each decision is "this answer raises this theme: yes or no". Where more than two people coded
    an answer, the first two to code it are compared. The overall figure pools every theme's decisions.
    """
    coders_by_answer: dict[int, dict[int, Any]] = defaultdict(dict)
    for answer_id, coder_id, at in AnswerReview.objects.filter(answer__question=question).values_list(
        "answer_id", "coder_id", "reviewed_at"
    ):
        coders_by_answer[answer_id][coder_id] = at
    codes: dict[tuple[int, int], set[int]] = defaultdict(set)
    for answer_id, coder_id, theme_id, at in AnswerTheme.objects.filter(answer__question=question).values_list(
        "answer_id", "coder_id", "theme_id", "created_at"
    ):
        codes[(answer_id, coder_id)].add(theme_id)
        known = coders_by_answer[answer_id].get(coder_id)
        coders_by_answer[answer_id][coder_id] = min(known, at) if known else at
    pairs: list[tuple[int, int, int]] = []
    for answer_id, coders in coders_by_answer.items():
        if len(coders) >= 2:
            first_two = sorted(coders, key=lambda c: (coders[c], c))[:2]
            pairs.append((answer_id, first_two[0], first_two[1]))
    book = codebook(question=question)
    pooled_a: list[bool] = []
    pooled_b: list[bool] = []
    rows: list[ThemeAgreement] = []
    for theme, level in book:
        ids = {theme.pk} | {t.pk for t, _ in book if t.parent_id == theme.pk}
        a = [bool(codes[(answer_id, c1)] & ids) for answer_id, c1, _c2 in pairs]
        b = [bool(codes[(answer_id, c2)] & ids) for answer_id, _c1, c2 in pairs]
        if level == 1 or not any(t.parent_id == theme.pk for t, _ in book):
            pooled_a.extend(a)
            pooled_b.extend(b)
        rows.append(
            ThemeAgreement(
                theme=theme,
                level=level,
                both=sum(1 for x, y in zip(a, b, strict=True) if x and y),
                either=sum(1 for x, y in zip(a, b, strict=True) if x or y),
                kappa=cohens_kappa(a, b),
            )
        )
    return Agreement(answers=len(pairs), kappa=cohens_kappa(pooled_a, pooled_b), themes=rows)
