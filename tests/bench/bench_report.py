"""Drafting the consultation report at scale: 10,000 and 100,000 responses, written answers coded into themes.

The questionnaire has the standard capacity and equality questions, 6 proposals (agree scale), 2
effect questions, 2 multiple-choice questions and 4 written questions with a codebook of 8 themes
(two of them nested); every written answer is coded by one coder and one in ten by a second. Prints,
for each size: the report drafted from an empty results cache (what a commissioner waits for the
first time), the .docx built from it, and the queries used. Asserts nothing.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

SLUG = "bench-report"
THEMES = [
    ("Isolation", ["Feeling alone", "Losing friends"]),
    ("Loss of support", []),
    ("Money and benefits", []),
    ("Pressure on other services", []),
    ("Alternatives", []),
    ("Other", []),
]


def _setup() -> object:
    from accounts.models import User
    from consultations.models import Consultation, Question, Section
    from consultations.services.authoring import question_create, questionnaire_add_standard_questions
    from consultations.services.coding import theme_create

    old = Consultation.objects.filter(slug=SLUG).first()
    if old is not None:
        # In SQL: the ORM would load every answer to cascade to its codes.
        with connection.cursor() as cursor:
            answers = (
                "SELECT a.id FROM consultations_answer a JOIN consultations_response r ON r.id = a.response_id "
                "WHERE r.consultation_id = %s"
            )
            for table in ("answertheme", "answerreview"):
                cursor.execute(f"DELETE FROM consultations_{table} WHERE answer_id IN ({answers})", [old.pk])
            for table in ("answer", "equalityanswer"):
                cursor.execute(
                    f"DELETE FROM consultations_{table} WHERE response_id IN "
                    "(SELECT id FROM consultations_response WHERE consultation_id = %s)",
                    [old.pk],
                )
            cursor.execute("DELETE FROM consultations_response WHERE consultation_id = %s", [old.pk])
        old.delete()
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Report benchmark consultation",
        slug=SLUG,
        summary="Benchmark",
        body="Benchmark",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(seconds=1),
    )
    views = Section.objects.create(consultation=consultation, title="Views", order=2)
    Section.objects.create(consultation=consultation, title="About your response", order=1)
    questionnaire_add_standard_questions(consultation=consultation)
    for i in range(6):
        question_create(section=views, text=f"Proposal {i + 1}: do you agree?", kind=Question.Kind.AGREE)
    for i in range(2):
        question_create(section=views, text=f"Effect {i + 1}", kind=Question.Kind.EFFECT)
        question_create(
            section=views,
            text=f"Which of these apply ({i + 1})?",
            kind=Question.Kind.MULTIPLE,
            options=["First", "Second", "Third", "Fourth", "Fifth"],
        )
    for i in range(4):
        question = question_create(
            section=views, text=f"Comments {i + 1}", kind=Question.Kind.LONG_TEXT, max_length=2000
        )
        for position, (name, children) in enumerate(THEMES):
            parent = theme_create(question=question, name=name, position=position)
            for child in children:
                theme_create(question=question, name=child, parent=parent)
    for email in ("bench-coder-1@example.com", "bench-coder-2@example.com"):
        User.objects.get_or_create(email=email, defaults={"is_staff": True, "staff_role": "commissioner"})
    return consultation


def _code(consultation_id: int) -> int:
    """Every written answer coded by the first coder into one or two leaf themes; one in ten by a second coder."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH leaves AS (
                SELECT t.question_id, t.id,
                       row_number() OVER (PARTITION BY t.question_id ORDER BY t.id) - 1 AS k,
                       count(*) OVER (PARTITION BY t.question_id) AS n
                FROM consultations_theme t
                JOIN consultations_question q ON q.id = t.question_id
                WHERE q.consultation_id = %(c)s
                    AND NOT EXISTS (SELECT 1 FROM consultations_theme c WHERE c.parent_id = t.id)
            ),
            coders AS (
                SELECT id, row_number() OVER (ORDER BY email) AS k FROM accounts_user
                WHERE email IN ('bench-coder-1@example.com', 'bench-coder-2@example.com')
            ),
            written AS (
                SELECT a.id, a.question_id, hashtext(a.text || a.id) AS h
                FROM consultations_answer a JOIN consultations_question q ON q.id = a.question_id
                WHERE q.consultation_id = %(c)s AND q.kind = 'long-text' AND a.text <> ''
            )
            INSERT INTO consultations_answertheme (answer_id, theme_id, coder_id, created_at)
            SELECT DISTINCT w.id, l.id, c.id, now()
            FROM written w
            JOIN coders c ON c.k = 1 OR w.id %% 10 = 0
            JOIN leaves l ON l.question_id = w.question_id
                AND (l.k = abs(w.h) %% l.n OR (w.h %% 3 = 0 AND l.k = (abs(w.h) + c.k) %% l.n))
            ON CONFLICT DO NOTHING
            """,
            {"c": consultation_id},
        )
        return cursor.rowcount


def _measure(consultation: object, responses: int) -> None:
    from consultations.report import consultation_report, report_docx

    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE consultations_answer; ANALYZE consultations_response; ANALYZE consultations_answertheme"
        )
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = consultation_report(consultation=consultation)  # type: ignore[arg-type]
        drafted = time.perf_counter() - started
    started = time.perf_counter()
    document = report_docx(report=report)
    docx_seconds = time.perf_counter() - started
    started = time.perf_counter()
    consultation_report(consultation=consultation)  # type: ignore[arg-type]
    cached = time.perf_counter() - started
    print(f"\n{responses:,} responses")
    print(f"  report drafted (results not cached): {drafted:.2f} s, {len(queries)} queries (goal: under 10 s)")
    print(f"  report drafted again (results cached): {cached:.2f} s")
    print(f"  .docx built from it:                 {docx_seconds:.2f} s, {len(document) / 1024:.0f} KB")
    print(f"  drafted and downloaded, cold:        {drafted + docx_seconds:.2f} s")
    _coding_page(consultation)


def _coding_page(consultation: object) -> None:
    """What a coding page asks the database for: the suggestions and where the answer sits."""
    from accounts.models import User
    from consultations.models import Question
    from consultations.selectors.coding import coding_first_answer, coding_position, theme_suggestions

    question = Question.objects.filter(consultation=consultation, kind=Question.Kind.LONG_TEXT).first()
    coder = User.objects.get(email="bench-coder-2@example.com")
    answer = coding_first_answer(question=question, coder=coder, uncoded_only=True)  # type: ignore[arg-type]
    assert answer is not None
    started = time.perf_counter()
    suggestions = theme_suggestions(answer=answer)
    suggested = time.perf_counter() - started
    started = time.perf_counter()
    coding_position(question=question, answer=answer, coder=coder, uncoded_only=True)  # type: ignore[arg-type]
    position = time.perf_counter() - started
    print(
        f"  coding page: suggestions {suggested * 1000:.0f} ms ({len(suggestions)} themes), "
        f"position {position * 1000:.0f} ms"
    )


def main() -> None:
    from consultations.synthetic import responses_generate

    call_command("migrate", verbosity=0)
    consultation = _setup()
    started = time.perf_counter()
    responses_generate(consultation=consultation, count=10_000)  # type: ignore[arg-type]
    codes = _code(consultation.pk)  # type: ignore[attr-defined]
    print(f"generated 10,000 responses and {codes:,} codes in {time.perf_counter() - started:.1f} s")
    _measure(consultation, 10_000)
    started = time.perf_counter()
    responses_generate(consultation=consultation, count=90_000, seed=90)  # type: ignore[arg-type]
    codes = _code(consultation.pk)  # type: ignore[attr-defined]
    print(f"\ngenerated 90,000 more responses and {codes:,} codes in {time.perf_counter() - started:.1f} s")
    _measure(consultation, 100_000)
