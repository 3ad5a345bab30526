"""The per-response CSV export, written by PostgreSQL's COPY."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.utils import timezone
from psycopg2 import sql  # type: ignore[import-untyped]  # no stubs in the lock

from carers_portal.core.csv_export import copy_csv_chunks, copy_options, csv_cell_sql, csv_rows, csv_safe, csv_safe_sql
from consultations.models import (
    Answer,
    AnswerTheme,
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
) -> tuple[list[str], sql.Composed]:
    """The header and the one `COPY (SELECT ...) TO STDOUT` statement that writes every response's row.

    Each response's answers become one row in PostgreSQL: an aggregate per column over the response's
    answer rows (the chosen option's id for a single-value question, whether an option was chosen for
    multiple choice, the text otherwise), then option ids become their text and text is escaped
    against formula injection by csv_safe_sql, the same rule csv_rows applies. Theme columns (1 when
    any coder coded the answer with the theme or one under it) come from one more aggregate join.
    The statement is composed with psycopg2.sql: every value (option texts, ids, the time zone) is a
    Literal and every name an Identifier, quoted by psycopg2 for the connection it runs on.
    """
    header = list(EQUALITY_LEADING_COLUMNS if equality else LEADING_COLUMNS)
    aggregates: list[sql.Composable] = []  # over one response's answer rows (a)
    cells: list[sql.Composable] = []  # from the response (r), its aggregates (p) and its themes (t)
    channel = sql.SQL(" ").join(
        sql.SQL("WHEN {} THEN {}").format(sql.Literal(value), sql.Literal(csv_safe(str(label))))
        for value, label in Response.Channel.choices
    )
    cells.extend(
        [
            csv_safe_sql(sql.SQL("r.reference")),
            sql.SQL("to_char(r.submitted_at AT TIME ZONE {}, 'YYYY-MM-DD HH24:MI')").format(
                sql.Literal(timezone.get_current_timezone_name())
            ),
            sql.SQL("CASE r.channel {} ELSE {} END").format(channel, csv_safe_sql(sql.SQL("r.channel"))),
        ]
    )
    if not equality:
        cells.extend([csv_safe_sql(sql.SQL("r.respondent_type")), csv_safe_sql(sql.SQL("r.district"))])
    themes = {} if equality else _export_themes(questions)
    theme_ids: list[int] = []

    def aggregate(expression: str, where: str, pk: int) -> sql.Identifier:
        """Add one aggregate over the answer rows, filtered to a question or option; its column in p."""
        name = f"c{len(aggregates)}"
        aggregates.append(
            sql.SQL("{} FILTER (WHERE {} = {}) AS {}").format(
                sql.SQL(expression), sql.Identifier("a", where), sql.Literal(pk), sql.Identifier(name)
            )
        )
        return sql.Identifier("p", name)

    for q in questions:
        question = q.question
        if question.kind == Question.Kind.MULTIPLE:
            for option in q.options:
                column = aggregate("bool_or(true)", "option_id", option.pk)
                header.append(f"{question.text}: {option.text}")
                cells.append(sql.SQL("CASE WHEN {} THEN 'Yes' END").format(column))
            continue
        header.append(question.text)
        if q.options:
            column = aggregate("max(a.option_id)", "question_id", question.pk)
            texts = sql.SQL(" ").join(
                sql.SQL("WHEN {} THEN {}").format(sql.Literal(o.pk), sql.Literal(csv_safe(o.text))) for o in q.options
            )
            cells.append(sql.SQL("CASE {} {} END").format(column, texts))
        else:
            column = aggregate("max(a.text)", "question_id", question.pk)
            cells.append(csv_safe_sql(column))
        for theme, label in themes.get(question.pk, []):
            header.append(f"{question.text}: theme: {label}")
            cells.append(sql.SQL("CASE WHEN {} = ANY(t.themes) THEN '1' END").format(sql.Literal(theme.pk)))
            theme_ids.append(theme.pk)
    # Codes count for their theme and its parent; each response's themes as one array.
    coded = (
        sql.SQL(
            """LEFT JOIN (
            SELECT a.response_id, array_agg(DISTINCT g.theme_id) AS themes
            FROM {answer_theme} at
            JOIN {theme} th ON th.id = at.theme_id
            CROSS JOIN LATERAL (VALUES (th.id), (th.parent_id)) AS g(theme_id)
            JOIN {answer} a ON a.id = at.answer_id
            WHERE at.theme_id = ANY({theme_ids}::integer[]) AND g.theme_id IS NOT NULL
            GROUP BY a.response_id
        ) t ON t.response_id = r.id"""
        ).format(
            answer_theme=sql.Identifier(AnswerTheme._meta.db_table),
            theme=sql.Identifier(Theme._meta.db_table),
            answer=sql.Identifier(Answer._meta.db_table),
            theme_ids=sql.Literal(theme_ids),
        )
        if theme_ids
        else sql.SQL("")
    )
    # Answer rows exist only for submitted responses; the join keeps this consultation's.
    statement = sql.SQL(
        """
        COPY (
            SELECT {columns}
            FROM {response} r
            LEFT JOIN (
                SELECT {answers} FROM {table} a
                WHERE a.question_id = ANY({question_ids}::integer[])
                GROUP BY a.response_id
            ) p ON p.response_id = r.id
            {coded}
            WHERE r.consultation_id = {consultation_id} AND r.status = {submitted}
            ORDER BY r.id
        ) TO STDOUT WITH {options}
    """
    ).format(
        columns=sql.SQL(", ").join(csv_cell_sql(cell, excel=excel) for cell in cells),
        response=sql.Identifier(Response._meta.db_table),
        answers=sql.SQL(", ").join([sql.SQL("a.response_id"), *aggregates]),
        table=sql.Identifier((EqualityAnswer if equality else Answer)._meta.db_table),
        question_ids=sql.Literal([q.question.pk for q in questions]),
        coded=coded,
        consultation_id=sql.Literal(consultation_id),
        submitted=sql.Literal(Response.Status.SUBMITTED.value),
        options=copy_options(excel=excel),
    )
    return header, statement


def export_csv(*, consultation: Consultation, equality: bool = False, excel: bool = True) -> Iterator[str | bytes]:
    """The per-response CSV: a header, then one row per submitted response, written by PostgreSQL's COPY.

    Columns are fixed, in questionnaire order, whichever route a respondent took; a multiple-choice
    question has a column per option ("Yes" when chosen); a coded written question is followed by a
    column per theme. Streams in constant memory (copy_csv_chunks).
    """
    questionnaire: Questionnaire = questionnaire_load(consultation=consultation)
    questions = questionnaire.equality_questions() if equality else questionnaire.main_questions()
    header, statement = _export_sql(
        consultation_id=consultation.pk, questions=questions, equality=equality, excel=excel
    )
    yield "".join(csv_rows([header], excel=excel))
    yield from copy_csv_chunks(statement, excel=excel)


def export_filename(*, consultation: Consultation, equality: bool = False, excel: bool = True) -> str:
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    kind = "equality" if equality else "responses"
    suffix = "" if excel else "-plain"
    return f"{consultation.slug}-{kind}-{stamp}{suffix}.csv"
