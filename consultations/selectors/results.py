"""A consultation's results: counts and percentages by aggregate queries, cached, and as CSV rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

from consultations.models import (
    Answer,
    Consultation,
    EqualityAnswer,
    Option,
    Question,
    Response,
)
from consultations.questionnaire import QuestionData, questionnaire_load
from consultations.selectors.figures import Bar, percent
from consultations.selectors.themes import QuestionThemes, question_themes, theme_label

FREE_TEXT_PAGE_SIZE = 50


@dataclass
class Breakdown:
    respondent_type: str
    n: int
    cells: list[Bar]


@dataclass
class QuestionResult:
    question: Question
    n: int
    total: int
    bars: list[Bar] = field(default_factory=list)
    rollups: list[Bar] = field(default_factory=list)
    breakdown: list[Breakdown] = field(default_factory=list)
    is_text: bool = False
    is_multiple: bool = False
    themes: QuestionThemes | None = None  # a written question with a codebook

    @property
    def chart_height(self) -> int:
        return 44 * len(self.rollups or self.bars)


@dataclass
class Results:
    consultation: Consultation
    total: int
    channels: list[Bar]
    respondent_types: list[Bar]
    questions: list[QuestionResult]
    equality: list[QuestionResult]


ROLLUP_ORDER = [
    (Option.Group.AGREE, "Agree"),
    (Option.Group.NEITHER, "Neither agree nor disagree"),
    (Option.Group.DISAGREE, "Disagree"),
    (Option.Group.DONT_KNOW, "Don't know"),
]


def _question_results(
    *,
    questions: list[QuestionData],
    model: type[Answer] | type[EqualityAnswer],
    total: int,
    with_breakdown: bool,
) -> list[QuestionResult]:
    ids = [q.question.pk for q in questions]
    multiple_ids = [q.question.pk for q in questions if q.question.kind == Question.Kind.MULTIPLE]
    option_question = {o.pk: q.question.pk for q in questions for o in q.options}
    # Answer rows are only written when a response is submitted, so no join to responses is needed here.
    base = model.objects.filter(question_id__in=ids)
    # One row per answer except for multiple choice (a row per option chosen): counting rows gives n
    # for every other question, and only multiple choice needs the costlier distinct count.
    option_counts: dict[int, int] = {}
    answered: dict[int, int] = defaultdict(int)
    for count_row in base.values("question_id", "option_id").annotate(c=Count("id")).order_by():
        if count_row["option_id"] is not None:
            option_counts[count_row["option_id"]] = count_row["c"]
        answered[count_row["question_id"]] += count_row["c"]
    if multiple_ids:
        for multi_row in (
            model.objects.filter(question_id__in=multiple_ids)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            answered[multi_row["question_id"]] = multi_row["n"]
    by_type: dict[int, dict[str, int]] = defaultdict(dict)
    type_n: dict[tuple[int, str], int] = defaultdict(int)
    if with_breakdown:
        for type_row in (
            base.filter(option__isnull=False)
            .values("option_id", "response__respondent_type")
            .annotate(c=Count("id"))
            .order_by()
        ):
            by_type[type_row["option_id"]][type_row["response__respondent_type"]] = type_row["c"]
            question_id = option_question.get(type_row["option_id"])
            if question_id is not None and question_id not in multiple_ids:
                type_n[(question_id, type_row["response__respondent_type"])] += type_row["c"]
        if multiple_ids:
            for multi_by_type in (
                model.objects.filter(question_id__in=multiple_ids)
                .values("question_id", "response__respondent_type")
                .annotate(n=Count("response_id", distinct=True))
                .order_by()
            ):
                type_n[(multi_by_type["question_id"], multi_by_type["response__respondent_type"])] = multi_by_type["n"]
    results: list[QuestionResult] = []
    for q in questions:
        question = q.question
        n = answered.get(question.pk, 0)
        result = QuestionResult(
            question=question,
            n=n,
            total=total,
            is_text=not question.is_choice,
            is_multiple=question.kind == Question.Kind.MULTIPLE,
        )
        if question.is_choice:
            result.bars = [
                Bar(o.text, option_counts.get(o.pk, 0), percent(option_counts.get(o.pk, 0), n)) for o in q.options
            ]
            groups = {o.group for o in q.options}
            if question.kind == Question.Kind.AGREE or Option.Group.AGREE in groups:
                for group, label in ROLLUP_ORDER:
                    count = sum(option_counts.get(o.pk, 0) for o in q.options if o.group == group)
                    result.rollups.append(Bar(label, count, percent(count, n)))
            if with_breakdown:
                types = sorted({t for (qid, t) in type_n if qid == question.pk})
                for respondent_type in types:
                    tn = type_n[(question.pk, respondent_type)]
                    if result.rollups:
                        cells = []
                        for group, label in ROLLUP_ORDER:
                            count = sum(by_type[o.pk].get(respondent_type, 0) for o in q.options if o.group == group)
                            cells.append(Bar(label, count, percent(count, tn)))
                    else:
                        cells = [
                            Bar(
                                o.text,
                                by_type[o.pk].get(respondent_type, 0),
                                percent(by_type[o.pk].get(respondent_type, 0), tn),
                            )
                            for o in q.options
                        ]
                    result.breakdown.append(Breakdown(respondent_type or "Not given", tn, cells))
        results.append(result)
    return results


def consultation_results(*, consultation: Consultation, include_equality: bool = False) -> Results:
    """Counts and percentages "of those expressing a view" for every question, by aggregate queries only."""
    questionnaire = questionnaire_load(consultation=consultation)
    submitted = Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED)
    channel_counts = {r["channel"]: r["c"] for r in submitted.values("channel").annotate(c=Count("id")).order_by()}
    total = sum(channel_counts.values())
    channels = [
        Bar(str(label), channel_counts.get(value, 0), percent(channel_counts.get(value, 0), total))
        for value, label in Response.Channel.choices
    ]
    types = [
        Bar(r["respondent_type"] or "Not given", r["c"], percent(r["c"], total))
        for r in submitted.values("respondent_type").annotate(c=Count("id")).order_by("-c", "respondent_type")
    ]
    questions = _question_results(
        questions=questionnaire.main_questions(), model=Answer, total=total, with_breakdown=True
    )
    themes = question_themes(consultation=consultation)
    for result in questions:
        result.themes = themes.get(result.question.pk)
    equality = (
        _question_results(
            questions=questionnaire.equality_questions(), model=EqualityAnswer, total=total, with_breakdown=False
        )
        if include_equality
        else []
    )
    return Results(
        consultation=consultation,
        total=total,
        channels=channels,
        respondent_types=types,
        questions=questions,
        equality=equality,
    )


RESULTS_CACHE_SECONDS = 600


def consultation_results_cached(*, consultation: Consultation, include_equality: bool = False) -> Results:
    """The results, cached in Redis until a response is added (or for 10 minutes at most).

    The cache key carries the number of submitted responses and the newest id (one index-only query),
    so a new or keyed-in response shows at once. Without Redis this simply computes them.
    """
    stamp = Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED).aggregate(
        n=Count("id"), last=Max("id")
    )
    key = (
        f"consultations:results:{consultation.pk}:{int(include_equality)}:{stamp['n']}:{stamp['last']}:"
        f"{consultation.updated_at.timestamp() if consultation.updated_at else 0}:{_themes_stamp(consultation)}"
    )
    cached = cache.get(key)
    if isinstance(cached, Results):
        return cached
    results = consultation_results(consultation=consultation, include_equality=include_equality)
    cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def _themes_stamp(consultation: Consultation) -> str:
    """Changes whenever a theme or a code changes (codes are only ever added or deleted, never edited)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT md5(coalesce(
                    string_agg(concat_ws('|', t.id, t.name, t.parent_id, t.position), ',' ORDER BY t.id), ''
                )),
                (SELECT concat(count(*), '-', max(at.id)) FROM consultations_answertheme at
                 WHERE at.theme_id IN (SELECT id FROM consultations_theme WHERE question_id IN
                     (SELECT id FROM consultations_question WHERE consultation_id = %s)))
            FROM consultations_theme t JOIN consultations_question q ON q.id = t.question_id
            WHERE q.consultation_id = %s
            """,
            [consultation.pk, consultation.pk],
        )
        themes, codes = cursor.fetchone()
    return f"{themes}:{codes}"


ILLUSTRATIVE = "Illustrative (the council's report did not publish these figures; they are made up)"


def _published_rows(result: QuestionResult, *, illustrative: bool) -> Iterator[list[Any]]:
    """Rows saying what the council published for a question, and whether its figures are illustrative (24.5)."""
    if result.question.published:
        yield [result.question.text, f"Published by the council: {result.question.published}", "", "", "", ""]
    if illustrative and result.question.published:
        yield [result.question.text, f"{ILLUSTRATIVE}: every figure but those published", "", "", "", ""]
    elif illustrative:
        yield [result.question.text, ILLUSTRATIVE, "", "", "", ""]


def results_rows(*, results: Results) -> Iterator[list[Any]]:
    """The results as CSV rows: question, answer, count, percentage of those expressing a view, n, N."""
    yield [
        "Question",
        "Answer",
        "Count",
        "Percentage of those expressing a view",
        "n (expressing a view)",
        "N (responses)",
    ]
    marked = results.consultation.illustrative
    equality = {id(result) for result in results.equality}
    for result in [*results.questions, *results.equality]:
        made_up = result.question.illustrative or (id(result) in equality and "equality" in marked)
        yield from _published_rows(result, illustrative=made_up)
        if result.rollups and "strength" in marked:
            yield [result.question.text, f"{ILLUSTRATIVE}: the split between strongly and tend to", "", "", "", ""]
        if result.is_text:
            yield [result.question.text, "(written answers)", result.n, "", result.n, result.total]
            if result.themes:
                for row in result.themes.themes:
                    yield [
                        result.question.text,
                        f"Theme: {theme_label(row.theme, row.level)}",
                        row.count,
                        f"{row.percent}%",
                        result.themes.n,
                        result.total,
                    ]
            continue
        for bar in result.bars:
            yield [result.question.text, bar.label, bar.count, f"{bar.percent}%", result.n, result.total]
        for bar in result.rollups:
            yield [result.question.text, f"All: {bar.label}", bar.count, f"{bar.percent}%", result.n, result.total]


def free_text_answers(*, question: Question, query: str = "", page: int = 1) -> tuple[QuerySet[Answer], int]:
    """Written answers to one question, optionally containing `query`, a page at a time, with the total."""
    answers = Answer.objects.filter(question=question, option__isnull=True, response__status=Response.Status.SUBMITTED)
    if query:
        answers = answers.filter(Q(text__icontains=query))
    total = answers.count()
    start = (max(page, 1) - 1) * FREE_TEXT_PAGE_SIZE
    page_answers = answers.select_related("response").order_by("response__submitted_at", "pk")[
        start : start + FREE_TEXT_PAGE_SIZE
    ]
    return page_answers, total
