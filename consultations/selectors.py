"""Reads for consultations: lists, access rules, the streaming export and the results (aggregate queries)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from carers_portal.core.csv_export import copy_csv_chunks, copy_options, csv_cell_sql, csv_rows, csv_safe, csv_safe_sql
from consultations.models import (
    Answer,
    AnswerReview,
    AnswerTheme,
    Consultation,
    Document,
    EqualityAnswer,
    Option,
    Question,
    Response,
    Theme,
)
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
    by_question: dict[int, list[Theme]] = defaultdict(list)
    for theme in (
        Theme.objects.filter(question_id__in=[q.question.pk for q in questions])
        .select_related("parent")
        .order_by("position", "name", "pk")
    ):
        by_question[theme.question_id].append(theme)
    return {
        question_id: [(theme, theme_label(theme, level)) for theme, level in _codebook(themes)]
        for question_id, themes in by_question.items()
    }


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


# --- Themes in written answers -------------------------------------------------------------


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


# --- Coding written answers, one at a time --------------------------------------------------


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
