"""Realistic synthetic responses, written with PostgreSQL COPY so 100,000 responses load in seconds.

Used by `manage.py generate_responses`, the demo data and the export benchmark. Never for real data:
these rows bypass the respond journey on purpose.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from consultations.models import Consultation, Option, Question, Response, reference_generate
from consultations.questionnaire import Answers, Questionnaire, question_visible, questionnaire_load

# Outward codes and the district most of each lies in (for realistic district columns).
KENT_OUTWARD: list[tuple[str, str]] = [
    ("CT1", "Canterbury"),
    ("CT2", "Canterbury"),
    ("CT5", "Canterbury"),
    ("CT6", "Canterbury"),
    ("CT9", "Thanet"),
    ("CT10", "Thanet"),
    ("CT11", "Thanet"),
    ("CT14", "Dover"),
    ("CT16", "Dover"),
    ("CT19", "Folkestone and Hythe"),
    ("CT21", "Folkestone and Hythe"),
    ("TN23", "Ashford"),
    ("TN24", "Ashford"),
    ("ME10", "Swale"),
    ("ME13", "Swale"),
    ("ME14", "Maidstone"),
    ("ME15", "Maidstone"),
    ("ME19", "Tonbridge and Malling"),
    ("TN9", "Tonbridge and Malling"),
    ("TN1", "Tunbridge Wells"),
    ("TN2", "Tunbridge Wells"),
    ("TN13", "Sevenoaks"),
    ("BR8", "Sevenoaks"),
    ("DA1", "Dartford"),
    ("DA2", "Dartford"),
    ("DA11", "Gravesham"),
    ("DA12", "Gravesham"),
]
COMMENTS = [
    "The group is the only time I leave the house in the week. Without it I would be on my own.",
    "My navigator helped me claim the benefits I was entitled to. I could not have filled in the forms alone.",
    "Cutting early help will only push more people towards social care later on.",
    "Please keep the service for people with lower needs; that is how we stay well.",
    "I understand money is tight but this is the wrong place to save it.",
    "Could charities and churches be funded to run some of the groups instead?",
    "Make sure people know where else to go if the changes happen.",
    "The Live Well Kent worker got me back into volunteering after a hard year.",
    '=HYPERLINK("http://example.com") testing how the export copes with formulas',
    "Not sure. I would probably ask my GP.",
]
CHANNEL_WEIGHTS = [
    (Response.Channel.ONLINE, 80),
    (Response.Channel.PAPER, 16),
    (Response.Channel.EMAIL, 2),
    (Response.Channel.PHONE, 2),
]


@dataclass
class SyntheticResponse:
    channel: str
    submitted_at: datetime
    answers: Answers
    respondent_type: str = ""
    postcode: str = ""
    district: str = ""
    equality: Answers = field(default_factory=dict)


def _weighted(rng: random.Random, options: list[Option], kind: str) -> Option:
    if kind == Question.Kind.AGREE:
        weights = [3, 5, 8, 15, 60, 6][: len(options)]
    elif kind == Question.Kind.EFFECT:
        weights = [80, 12, 3, 2, 3][: len(options)]
    else:
        weights = [max(1, 10 - i) for i in range(len(options))]
    weights += [1] * (len(options) - len(weights))
    return rng.choices(options, weights=weights)[0]


def response_random(
    *, questionnaire: Questionnaire, rng: random.Random, start: datetime, end: datetime
) -> SyntheticResponse:
    """One plausible response: required questions always answered, optional ones mostly."""
    answers: Answers = {}
    postcode = ""
    district = ""
    respondent_type = ""
    for q in questionnaire.questions:
        question = q.question
        if not question_visible(q, answers):
            continue
        if not question.required and rng.random() < 0.15:
            continue
        kind = question.kind
        if question.is_choice and q.options:
            if kind == Question.Kind.MULTIPLE:
                most = min(question.max_choices or 3, len(q.options))
                answers[q.key] = sorted(
                    {str(o.pk) for o in rng.sample(q.options, rng.randint(1, most))},
                    key=lambda v: [str(o.pk) for o in q.options].index(v),
                )
            else:
                option = _weighted(rng, q.options, kind)
                answers[q.key] = str(option.pk)
                if question.code == "capacity":
                    respondent_type = option.text
        elif kind in Question.TEXT_KINDS:
            if rng.random() < 0.6 or question.required:
                answers[q.key] = rng.choice(COMMENTS)[: question.max_length]
        elif kind == Question.Kind.NUMBER:
            answers[q.key] = str(rng.randint(1, 90))
        elif kind == Question.Kind.POSTCODE:
            outward, district = rng.choice(KENT_OUTWARD)
            postcode = (
                f"{outward} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
            )
            answers[q.key] = postcode
    seconds = max(int((end - start).total_seconds()), 1)
    submitted_at = start + timedelta(seconds=rng.randrange(seconds))
    channel = rng.choices([c for c, _ in CHANNEL_WEIGHTS], weights=[w for _, w in CHANNEL_WEIGHTS])[0]
    equality_keys = {q.key for q in questionnaire.equality_questions()}
    return SyntheticResponse(
        channel=str(channel),
        submitted_at=submitted_at,
        answers={k: v for k, v in answers.items() if k not in equality_keys},
        equality={k: v for k, v in answers.items() if k in equality_keys},
        respondent_type=respondent_type,
        postcode=postcode,
        district=district,
    )


def _csv(rows: Iterator[list[Any]]) -> io.StringIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if cell is None else cell for cell in row])
    buffer.seek(0)
    return buffer


def _answer_rows(response_id: int, answers: Answers, choice_keys: set[str]) -> Iterator[list[Any]]:
    for key, value in answers.items():
        if isinstance(value, list):
            for option_id in value:
                yield [response_id, int(key), int(option_id), ""]
        elif key in choice_keys:
            yield [response_id, int(key), int(value), ""]
        else:
            yield [response_id, int(key), None, value]


def responses_copy(*, consultation: Consultation, responses: list[SyntheticResponse]) -> list[int]:
    """Write submitted responses and their answers with COPY (ids reserved from the sequences first).

    Returns the responses' ids, in the order given.
    """
    if not responses:
        return []
    questionnaire = questionnaire_load(consultation=consultation)
    choice_keys = {q.key for q in questionnaire.questions if q.question.is_choice}
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('consultations_response', 'id')) FROM generate_series(1, %s)",
            [len(responses)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        references: set[str] = set()
        response_rows = []
        for pk, item in zip(ids, responses, strict=True):
            reference = reference_generate()
            while reference in references:
                reference = reference_generate()
            references.add(reference)
            response_rows.append(
                [
                    pk,
                    consultation.pk,
                    reference,
                    Response.Status.SUBMITTED.value,
                    item.channel,
                    "{}",
                    "",
                    item.respondent_type,
                    item.postcode,
                    item.district,
                    item.submitted_at.isoformat(),
                    now.isoformat(),
                    item.submitted_at.isoformat(),
                    "",
                ]
            )
        raw = cursor.cursor  # the psycopg2 cursor under Django's wrapper
        raw.copy_expert(
            "COPY consultations_response (id, consultation_id, reference, status, channel, draft, email, "
            "respondent_type, postcode, district, started_at, updated_at, submitted_at, idempotency_key) "
            "FROM STDIN WITH (FORMAT csv, NULL '\\N')",
            _csv(iter(response_rows)),
        )
        answer_columns = "(response_id, question_id, option_id, text) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        raw.copy_expert(
            f"COPY consultations_answer {answer_columns}",
            _csv(
                row
                for pk, item in zip(ids, responses, strict=True)
                for row in _answer_rows(pk, item.answers, choice_keys)
            ),
        )
        raw.copy_expert(
            f"COPY consultations_equalityanswer {answer_columns}",
            _csv(
                row
                for pk, item in zip(ids, responses, strict=True)
                for row in _answer_rows(pk, item.equality, choice_keys)
            ),
        )
    return ids


def responses_generate(
    *,
    consultation: Consultation,
    count: int,
    seed: int = 2024,
    batch: int = 10_000,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Add `count` realistic submitted responses, in batches (so memory stays small).

    `progress`, if given, is called with the number of responses written after each batch.
    """
    questionnaire = questionnaire_load(consultation=consultation)
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    end = min(consultation.closes_at, max(timezone.now(), consultation.opens_at + timedelta(hours=1)))
    written = 0
    while written < count:
        size = min(batch, count - written)
        items = [
            response_random(questionnaire=questionnaire, rng=rng, start=consultation.opens_at, end=end)
            for _ in range(size)
        ]
        done = len(responses_copy(consultation=consultation, responses=items))
        written += done
        if progress is not None:
            progress(done)
    return written
