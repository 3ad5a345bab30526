"""Reads for consultations: lists, access rules, the streaming export and the results (aggregate queries)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from carers_portal.core.csv_export import copy_csv_chunks, copy_options, csv_cell_sql, csv_rows, csv_safe, csv_safe_sql
from consultations.models import Answer, Consultation, Document, EqualityAnswer, Option, Question, Response, Theme
from consultations.questionnaire import QuestionData, Questionnaire, questionnaire_load

FREE_TEXT_PAGE_SIZE = 50
LEADING_COLUMNS = ["Response reference", "Submitted at", "Channel", "Respondent type", "District"]
EQUALITY_LEADING_COLUMNS = ["Response reference", "Submitted at", "Channel"]


def user_is_commissioner(user: Any) -> bool:
    """Council staff with the commissioner role: the only people who see respondents' answers."""
    return bool(user is not None and user.is_authenticated and user.is_staff and user.is_commissioner)


def consultations_public(*, now: datetime | None = None) -> dict[str, list[Consultation]]:
    """Open, upcoming and closed consultations for the public list."""
    now = now or timezone.now()
    groups: dict[str, list[Consultation]] = {"open": [], "upcoming": [], "closed": []}
    for consultation in Consultation.objects.order_by("closes_at"):
        status = consultation.status_at(now)
        if status == Consultation.Status.OPEN:
            groups["open"].append(consultation)
        elif status == Consultation.Status.UPCOMING:
            groups["upcoming"].append(consultation)
        else:
            groups["closed"].append(consultation)
    groups["closed"].reverse()
    return groups


def consultation_results_visible(*, consultation: Consultation, user: Any) -> bool:
    return consultation.results_are_public or user_is_commissioner(user)


def documents_visible(*, consultation: Consultation, user: Any, now: datetime | None = None) -> list[Document]:
    """The consultation's documents this person may open: published ones, and drafts for commissioners."""
    now = now or timezone.now()
    documents = list(consultation.documents.all())
    if user_is_commissioner(user):
        return documents
    return [document for document in documents if document.is_published_at(now)]


def document_for_download(*, slug: str, pk: int, user: Any) -> Document | None:
    """One document, if this person may open it (None: as if it did not exist)."""
    document = Document.objects.select_related("consultation").filter(pk=pk, consultation__slug=slug).first()
    if document is None or not (document.is_published_at(timezone.now()) or user_is_commissioner(user)):
        return None
    return document


def response_for_user(*, consultation: Consultation, user: Any) -> Response | None:
    if user is None or not user.is_authenticated:
        return None
    return Response.objects.filter(consultation=consultation, user=user).first()


# --- Export ---------------------------------------------------------------------


def _sql_text(text: str) -> str:
    """A constant as an SQL string literal (standard_conforming_strings: only quotes are doubled)."""
    return "'" + text.replace("'", "''") + "'"


def _export_themes(questions: list[QuestionData]) -> dict[int, list[tuple[Theme, str]]]:
    """Each written question's themes in codebook order (a theme's sub-themes after it), with column labels."""
    themes = list(
        Theme.objects.filter(question_id__in=[q.question.pk for q in questions])
        .select_related("parent")
        .order_by("position", "name", "pk")
    )
    children: dict[int, list[Theme]] = defaultdict(list)
    for theme in themes:
        if theme.parent_id is not None:
            children[theme.parent_id].append(theme)
    by_question: dict[int, list[tuple[Theme, str]]] = defaultdict(list)
    for theme in themes:
        if theme.parent_id is None:
            by_question[theme.question_id].append((theme, theme.name))
            by_question[theme.question_id].extend(
                (child, f"{theme.name}: {child.name}") for child in children[theme.pk]
            )
    return by_question


def _export_sql(
    *, consultation_id: int, questions: list[QuestionData], equality: bool, excel: bool
) -> tuple[list[str], str]:
    """The header and the one `COPY (SELECT ...) TO STDOUT` statement that writes every response's row.

    Each response's answers become one row in PostgreSQL: an aggregate per column over the response's
    answer rows (the chosen option's id for a single-value question, whether an option was chosen for
    multiple choice, the text otherwise), then option ids become their text and text is escaped
    against formula injection by csv_safe_sql, the same rule csv_rows applies. Theme columns (1 when
    any coder coded the answer with the theme or one under it) come from one more aggregate join.
    """
    lit = _sql_text
    header = list(EQUALITY_LEADING_COLUMNS if equality else LEADING_COLUMNS)
    aggregates: list[str] = []  # over one response's answer rows (a)
    cells: list[str] = []  # from the response (r), its aggregates (p) and its themes (t)
    channel = " ".join(
        f"WHEN {lit(value)} THEN {lit(csv_safe(str(label)))}" for value, label in Response.Channel.choices
    )
    cells.extend(
        [
            csv_safe_sql("r.reference"),
            f"to_char(r.submitted_at AT TIME ZONE {lit(timezone.get_current_timezone_name())}, 'YYYY-MM-DD HH24:MI')",
            f"CASE r.channel {channel} ELSE {csv_safe_sql('r.channel')} END",
        ]
    )
    if not equality:
        cells.extend([csv_safe_sql("r.respondent_type"), csv_safe_sql("r.district")])
    themes = {} if equality else _export_themes(questions)
    theme_ids: list[int] = []
    for q in questions:
        question = q.question
        if question.kind == Question.Kind.MULTIPLE:
            for option in q.options:
                column = f"c{len(aggregates)}"
                aggregates.append(f"bool_or(true) FILTER (WHERE a.option_id = {int(option.pk)}) AS {column}")
                header.append(f"{question.text}: {option.text}")
                cells.append(f"CASE WHEN p.{column} THEN 'Yes' END")
            continue
        column = f"c{len(aggregates)}"
        header.append(question.text)
        if q.options:
            aggregates.append(f"max(a.option_id) FILTER (WHERE a.question_id = {int(question.pk)}) AS {column}")
            texts = " ".join(f"WHEN {int(o.pk)} THEN {lit(csv_safe(o.text))}" for o in q.options)
            cells.append(f"CASE p.{column} {texts} END")
        else:
            aggregates.append(f"max(a.text) FILTER (WHERE a.question_id = {int(question.pk)}) AS {column}")
            cells.append(csv_safe_sql(f"p.{column}"))
        for theme, label in themes.get(question.pk, []):
            header.append(f"{question.text}: theme: {label}")
            cells.append(f"CASE WHEN {int(theme.pk)} = ANY(t.themes) THEN '1' END")
            theme_ids.append(theme.pk)
    table = (EqualityAnswer if equality else Answer)._meta.db_table
    question_ids = ",".join(str(int(q.question.pk)) for q in questions)
    answers = ", ".join(["a.response_id", *aggregates])
    # Codes count for their theme and its parent; each response's themes as one array.
    coded = (
        f"""LEFT JOIN (
            SELECT a.response_id, array_agg(DISTINCT g.theme_id) AS themes
            FROM consultations_answertheme at
            JOIN consultations_theme th ON th.id = at.theme_id
            CROSS JOIN LATERAL (VALUES (th.id), (th.parent_id)) AS g(theme_id)
            JOIN consultations_answer a ON a.id = at.answer_id
            WHERE at.theme_id IN ({",".join(str(int(t)) for t in theme_ids)}) AND g.theme_id IS NOT NULL
            GROUP BY a.response_id
        ) t ON t.response_id = r.id"""  # noqa: S608
        if theme_ids
        else ""
    )
    columns = ", ".join(csv_cell_sql(cell, excel=excel) for cell in cells)
    # Answer rows exist only for submitted responses; the join keeps this consultation's.
    # Built from ids, table names and constants quoted by _sql_text: nothing a user typed.
    sql = f"""
        COPY (
            SELECT {columns}
            FROM consultations_response r
            LEFT JOIN (
                SELECT {answers} FROM {table} a
                WHERE a.question_id = ANY('{{{question_ids}}}'::integer[])
                GROUP BY a.response_id
            ) p ON p.response_id = r.id
            {coded}
            WHERE r.consultation_id = {int(consultation_id)} AND r.status = 'submitted'
            ORDER BY r.id
        ) TO STDOUT WITH {copy_options(excel=excel)}
    """  # noqa: S608
    return header, sql


def export_csv(*, consultation: Consultation, equality: bool = False, excel: bool = True) -> Iterator[str | bytes]:
    """The per-response CSV: a header, then one row per submitted response, written by PostgreSQL's COPY.

    Columns are fixed, in questionnaire order, whichever route a respondent took; a multiple-choice
    question has a column per option ("Yes" when chosen); a coded written question is followed by a
    column per theme. Streams in constant memory (copy_csv_chunks).
    """
    questionnaire: Questionnaire = questionnaire_load(consultation=consultation)
    questions = questionnaire.equality_questions() if equality else questionnaire.main_questions()
    header, sql = _export_sql(consultation_id=consultation.pk, questions=questions, equality=equality, excel=excel)
    yield "".join(csv_rows([header], excel=excel))
    yield from copy_csv_chunks(sql, excel=excel)


def export_filename(*, consultation: Consultation, equality: bool = False, excel: bool = True) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    kind = "equality" if equality else "responses"
    suffix = "" if excel else "-plain"
    return f"{consultation.slug}-{kind}-{stamp}{suffix}.csv"


# --- Results ----------------------------------------------------------------------


def percent(count: int, total: int) -> int:
    """Whole-number percentage, rounded half up (as published reports do)."""
    return int(count * 100 / total + 0.5) if total else 0


@dataclass
class Bar:
    label: str
    count: int
    percent: int


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
    for row in base.values("question_id", "option_id").annotate(c=Count("id")).order_by():
        if row["option_id"] is not None:
            option_counts[row["option_id"]] = row["c"]
        answered[row["question_id"]] += row["c"]
    if multiple_ids:
        for row in (
            model.objects.filter(question_id__in=multiple_ids)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            answered[row["question_id"]] = row["n"]
    by_type: dict[int, dict[str, int]] = defaultdict(dict)
    type_n: dict[tuple[int, str], int] = defaultdict(int)
    if with_breakdown:
        for row in (
            base.filter(option__isnull=False)
            .values("option_id", "response__respondent_type")
            .annotate(c=Count("id"))
            .order_by()
        ):
            by_type[row["option_id"]][row["response__respondent_type"]] = row["c"]
            question_id = option_question.get(row["option_id"])
            if question_id is not None and question_id not in multiple_ids:
                type_n[(question_id, row["response__respondent_type"])] += row["c"]
        if multiple_ids:
            for row in (
                model.objects.filter(question_id__in=multiple_ids)
                .values("question_id", "response__respondent_type")
                .annotate(n=Count("response_id", distinct=True))
                .order_by()
            ):
                type_n[(row["question_id"], row["response__respondent_type"])] = row["n"]
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
        f"{consultation.updated_at.timestamp() if consultation.updated_at else 0}"
    )
    cached = cache.get(key)
    if isinstance(cached, Results):
        return cached
    results = consultation_results(consultation=consultation, include_equality=include_equality)
    cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


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
    for result in [*results.questions, *results.equality]:
        if result.is_text:
            yield [result.question.text, "(written answers)", result.n, "", result.n, result.total]
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
