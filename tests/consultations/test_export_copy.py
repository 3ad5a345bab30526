"""The export written by PostgreSQL's COPY matches, byte for byte, the Python exporter it replaced.

`legacy_export_rows` below is that exporter as it was (kept here only, as the reference), fed through
csv_rows exactly as the download did. Both run on generated responses plus answers chosen to be awkward:
formula starts after spaces, quotes, commas, line breaks, tabs, blanks and accents.

One difference is deliberate: in plain CSV, Python 3.11's csv.writer left a carriage return that
has no line feed with it unquoted, which readers take as the end of the row; PostgreSQL quotes it
(test_a_lone_carriage_return_is_quoted).
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from carers_portal.core import csv_export
from carers_portal.core.csv_export import csv_rows
from consultations.models import Answer, AnswerTheme, Consultation, EqualityAnswer, Option, Question, Response, Theme
from consultations.questionnaire import QuestionData, Questionnaire, questionnaire_load
from consultations.selectors.export import export_csv
from consultations.synthetic import responses_generate
from tests.consultations.conftest import build_consultation

T = TypeVar("T")
EXPORT_CHUNK_SIZE = 2000

AWKWARD = [
    "",
    " ",
    "   =1+2 after spaces",
    " x =1 not at the start",
    "-5 degrees",
    "+44 1622 000000",
    "@everyone",
    "\tstarts with a tab",
    "\r\nstarts with a line break",
    "two\nlines",
    "windows\r\nlines",
    'she said "no", twice',
    "comma, here",
    "'already quoted",
    "ünïcödé — “curly” £5 🙂",
    "\\.",
    "back\\slash",
    "NULL",
    "trailing space ",
    '"',
    ",",
]


def _batched(iterable: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def _export_columns(questions: list[QuestionData]) -> tuple[list[str], dict[int, int], dict[int, int]]:
    """Header cells, and where each single-value question and each multiple-choice option goes."""
    header: list[str] = []
    by_question: dict[int, int] = {}
    by_option: dict[int, int] = {}
    for q in questions:
        if q.question.kind == Question.Kind.MULTIPLE:
            for option in q.options:
                by_option[option.pk] = len(header)
                header.append(f"{q.question.text}: {option.text}")
        else:
            by_question[q.question.pk] = len(header)
            header.append(q.question.text)
    return header, by_question, by_option


def legacy_export_rows(
    *, consultation: Consultation, equality: bool = False, chunk_size: int = EXPORT_CHUNK_SIZE
) -> Iterator[list[str]]:
    """One header row, then one row per submitted response, in constant memory.

    Responses come through a server-side cursor in chunks; each chunk's answers are fetched with one
    query and the rows built from them, so memory depends on the chunk size, not on the number of
    responses. Columns are fixed, in questionnaire order, whichever route a respondent took.
    """
    questionnaire: Questionnaire = questionnaire_load(consultation=consultation)
    questions = questionnaire.equality_questions() if equality else questionnaire.main_questions()
    header, by_question, by_option = _export_columns(questions)
    option_text = {o.pk: o.text for q in questions for o in q.options}
    leading = (
        ["Response reference", "Submitted at", "Channel"]
        if equality
        else ["Response reference", "Submitted at", "Channel", "Respondent type", "District"]
    )
    yield leading + header
    model: type[Answer] | type[EqualityAnswer] = EqualityAnswer if equality else Answer
    channels = {value: str(label) for value, label in Response.Channel.choices}
    width = len(header)
    responses = (
        Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED)
        .order_by("pk")
        # Formatted by PostgreSQL in local time: cheaper than strftime on every row.
        .annotate(
            submitted=RawSQL(
                "to_char(submitted_at AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')", (timezone.get_current_timezone_name(),)
            )
        )
        .values_list("pk", "reference", "submitted", "channel", "respondent_type", "district")
        .iterator(chunk_size=chunk_size)
    )
    # Where each chosen option goes and what it says: "Yes" in its own column, or the option's text.
    option_cell = {oid: (col, "Yes") for oid, col in by_option.items()}
    for q in questions:
        if q.question.pk in by_question:
            for option in q.options:
                option_cell[option.pk] = (by_question[q.question.pk], option_text[option.pk])
    # A plain cursor: this loop sees every answer, and the ORM's per-row work would dominate. Responses come
    # in id order, so one index range scan fetches a chunk's answers (rows of other consultations that fall
    # in the range are skipped below).
    answers_sql = (
        "SELECT response_id, question_id, option_id, CASE WHEN option_id IS NULL THEN text END "
        f"FROM {model._meta.db_table} WHERE response_id BETWEEN %s AND %s"
    )
    for batch in _batched(responses, chunk_size):
        cells: dict[int, list[str]] = {row[0]: [""] * width for row in batch}
        with connection.cursor() as cursor:
            cursor.execute(answers_sql, [batch[0][0], batch[-1][0]])
            for response_id, question_id, option_id, text in cursor.fetchall():
                row = cells.get(response_id)
                if row is None:
                    continue
                if option_id is None:
                    col = by_question.get(question_id)
                    if col is not None:
                        row[col] = text
                else:
                    hit = option_cell.get(option_id)
                    if hit is not None:
                        row[hit[0]] = hit[1]
        for pk, reference, submitted, channel, respondent_type, district in batch:
            if equality:
                yield [reference, submitted or "", channels.get(channel, channel), *cells[pk]]
            else:
                yield [
                    reference,
                    submitted or "",
                    channels.get(channel, channel),
                    respondent_type,
                    district,
                    *cells[pk],
                ]


def legacy_csv(consultation: Consultation, *, equality: bool, excel: bool) -> bytes:
    return "".join(csv_rows(legacy_export_rows(consultation=consultation, equality=equality), excel=excel)).encode()


def copy_csv(consultation: Consultation, *, equality: bool, excel: bool) -> bytes:
    return b"".join(
        chunk if isinstance(chunk, bytes) else chunk.encode()
        for chunk in export_csv(consultation=consultation, equality=equality, excel=excel)
    )


def awkward_data(consultation: Consultation) -> None:
    """Generated responses, then awkward text in every written, number and postcode answer and response field."""
    responses_generate(consultation=consultation, count=400, seed=11)
    for model in (Answer, EqualityAnswer):
        texts = list(model.objects.filter(response__consultation=consultation, option__isnull=True).order_by("pk"))
        for i, answer in enumerate(texts):
            answer.text = AWKWARD[i % len(AWKWARD)]
        model.objects.bulk_update(texts, ["text"])
    responses = list(Response.objects.filter(consultation=consultation).order_by("pk")[:60])
    for i, response in enumerate(responses):
        response.respondent_type = AWKWARD[i % len(AWKWARD)]
        response.district = AWKWARD[(i + 3) % len(AWKWARD)]
    Response.objects.bulk_update(responses, ["respondent_type", "district"])
    # Options whose own text needs escaping or quoting, a response without answers and a draft.
    Option.objects.filter(question__consultation=consultation, text="No").update(text="-No, never")
    Option.objects.filter(question__consultation=consultation, text="Art").update(text='=Art "and" crafts')
    Response.objects.create(
        consultation=consultation, status=Response.Status.SUBMITTED, submitted_at=timezone.now(), channel="phone"
    )
    Response.objects.create(consultation=consultation, draft={"x": "y"})


@pytest.mark.django_db
@pytest.mark.parametrize("excel", [True, False])
@pytest.mark.parametrize("equality", [False, True])
def test_copy_export_matches_the_python_exporter_byte_for_byte(equality: bool, excel: bool) -> None:
    consultation = build_consultation()
    other = build_consultation("other-consultation")
    responses_generate(consultation=other, count=50, seed=3)  # interleaved ids of another consultation
    awkward_data(consultation)
    responses_generate(consultation=other, count=50, seed=4)
    expected = legacy_csv(consultation, equality=equality, excel=excel)
    assert expected.count(b"\n") > 400
    assert copy_csv(consultation, equality=equality, excel=excel) == expected


@pytest.mark.django_db
def test_an_empty_consultation_exports_its_header_only() -> None:
    consultation = build_consultation()
    for excel in (True, False):
        assert copy_csv(consultation, equality=False, excel=excel) == legacy_csv(
            consultation, equality=False, excel=excel
        )


@pytest.mark.django_db
def test_themes_are_a_column_each_after_their_question(user_factory: Any) -> None:
    consultation = build_consultation()
    responses_generate(consultation=consultation, count=30, seed=5)
    why = consultation.questions.get(code="why")
    isolation = Theme.objects.create(question=why, name="Isolation", position=1)
    alone = Theme.objects.create(question=why, name="Feeling alone", parent=isolation, position=2)
    cost = Theme.objects.create(question=why, name="Cost, and fairness", position=3)
    first, second = user_factory(email="coder1@example.com"), user_factory(email="coder2@example.com")
    answers = list(Answer.objects.filter(question=why).select_related("response").order_by("response_id"))
    assert len(answers) >= 3
    AnswerTheme.objects.create(answer=answers[0], theme=alone, coder=first)
    AnswerTheme.objects.create(answer=answers[0], theme=alone, coder=second)  # two coders: still one "1"
    AnswerTheme.objects.create(answer=answers[1], theme=isolation, coder=first)
    AnswerTheme.objects.create(answer=answers[2], theme=cost, coder=second)

    with_themes = copy_csv(consultation, equality=False, excel=False).decode()
    table = list(csv.reader(io.StringIO(with_themes)))
    header = table[0]
    position = header.index("Why do you say that?")
    assert header[position + 1 : position + 4] == [
        "Why do you say that?: theme: Isolation",
        "Why do you say that?: theme: Isolation: Feeling alone",
        "Why do you say that?: theme: Cost, and fairness",
    ]
    rows = {row[0]: row[position + 1 : position + 4] for row in table[1:]}
    assert rows[answers[0].response.reference] == ["1", "1", ""]  # a sub-theme counts for its parent too
    assert rows[answers[1].response.reference] == ["1", "", ""]
    assert rows[answers[2].response.reference] == ["", "", "1"]
    assert sum(1 for cells in rows.values() if any(cells)) == 3
    # Without the theme columns, the rest is the export as it was.
    without = [row[: position + 1] + row[position + 4 :] for row in table]
    assert without == list(csv.reader(io.StringIO(legacy_csv(consultation, equality=False, excel=False).decode())))


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_responses() -> None:
    consultation = build_consultation()

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = copy_csv(consultation, equality=False, excel=True)
        return body.count(b"\r\n") - 1, len(queries)

    responses_generate(consultation=consultation, count=40)
    small_rows, small_queries = count()
    responses_generate(consultation=consultation, count=450, seed=7)
    large_rows, large_queries = count()
    assert (small_rows, large_rows) == (40, 490)
    # The questionnaire and codebook, then the one COPY (run on the psycopg2 connection, not counted here).
    assert large_queries == small_queries


@pytest.mark.django_db(transaction=True)
def test_a_download_abandoned_part_way_stops_the_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    consultation = build_consultation()
    responses_generate(consultation=consultation, count=600)
    monkeypatch.setattr(csv_export, "COPY_CHUNK_BYTES", 1000)
    monkeypatch.setattr(csv_export, "COPY_QUEUE_CHUNKS", 2)
    chunks = export_csv(consultation=consultation)
    header = next(chunks)
    first = next(chunks)
    assert isinstance(header, str)
    assert header.startswith("\ufeff")
    assert isinstance(first, bytes)
    assert 1000 <= len(first) < 4000
    chunks.close()  # the client went away
    assert not any(t.name == "csv-copy" for t in threading.enumerate())
    # The connection was closed rather than reused with a cancelled COPY; the next query opens a new one.
    assert Response.objects.filter(consultation=consultation).count() == 600
    assert copy_csv(consultation, equality=False, excel=True).count(b"\r\n") == 601


@pytest.mark.django_db
def test_a_lone_carriage_return_is_quoted() -> None:
    consultation = build_consultation()
    responses_generate(consultation=consultation, count=1)
    why = consultation.questions.get(code="why")
    answer = Answer.objects.filter(response__consultation=consultation, option__isnull=True).first()
    assert answer is not None
    Answer.objects.filter(pk=answer.pk).update(text="a lone\rcarriage return")
    column = "Why do you say that?" if answer.question_id == why.pk else answer.question.text
    old = list(csv.reader(io.StringIO(legacy_csv(consultation, equality=False, excel=False).decode(), newline="")))
    new = list(csv.reader(io.StringIO(copy_csv(consultation, equality=False, excel=False).decode(), newline="")))
    assert len(old) == 3  # the old file broke the row in two
    assert len(new) == 2
    assert dict(zip(new[0], new[1], strict=True))[column] == "a lone\rcarriage return"
