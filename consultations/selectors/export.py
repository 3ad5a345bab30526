"""The per-response CSV export, written by PostgreSQL's COPY."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone

from carers_portal.core.csv_export import copy_csv_chunks, copy_options, csv_cell_sql, csv_rows, csv_safe, csv_safe_sql
from consultations.models import (
    Answer,
    Consultation,
    EqualityAnswer,
    Question,
    Response,
    Theme,
)
from consultations.questionnaire import QuestionData, Questionnaire, questionnaire_load
from consultations.selectors.themes import _codebook, theme_label

LEADING_COLUMNS = ["Response reference", "Submitted at", "Channel", "Respondent type", "District"]
EQUALITY_LEADING_COLUMNS = ["Response reference", "Submitted at", "Channel"]


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
