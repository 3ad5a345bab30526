"""Demo consultations for `manage.py seed_demo`: the council's own published consultations, reproduced.

The wording and figures live in consultations/data/demo_consultations.json: the 2024-25 Wellbeing
Services in the Community consultation (decision report, section 9) and the 2022 Kent adult carers
strategy consultation (its consultation report). Responses are generated from the published counts,
deterministically, so every published figure comes out of the results selectors exactly; written
answers are coded into the reports' themes by a demo coder. Where a report contradicts itself, the
consultation's "Notes for staff" (shown in the admin) says what the demo does instead. "How we
consulted" and the reports' own tables come from the same file, each with its source (demo_records.py).
An open consultation is added to try responding to.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from carers_portal.core.demo_data import demo_data_forget
from consultations.demo_records import published_records_seed, questionnaire_reset_if_changed
from consultations.models import (
    Answer,
    AnswerTheme,
    Consultation,
    ConsultationEvent,
    Option,
    Question,
    Section,
    Theme,
    Topic,
)
from consultations.questionnaire import Answers
from consultations.services.authoring import (
    question_condition_set,
    question_create,
    questionnaire_add_standard_questions,
)
from consultations.synthetic import KENT_OUTWARD, SyntheticResponse, responses_copy

LONDON = ZoneInfo("Europe/London")
DATA_FILE = Path(__file__).resolve().parent / "data" / "demo_consultations.json"
WELLBEING_SLUG = "wellbeing-services-in-the-community-2024"
CARERS_STRATEGY_SLUG = "kent-adult-carers-strategy-2022"
OPEN_SLUG = "carers-breaks-and-respite"
DEMO_CODER_EMAIL = "demo-coder@example.com"
CONSULTATION_FIELDS = (
    "title",
    "summary",
    "body",
    "topics",
    "bsl_video_url",
    "alternative_formats",
    "postal_address",
    "we_asked",
    "you_said",
    "we_did",
    "staff_notes",
)


def demo_data() -> list[dict[str, Any]]:
    """The published consultations as the data file describes them."""
    consultations: list[dict[str, Any]] = json.loads(DATA_FILE.read_text(encoding="utf-8"))["consultations"]
    return consultations


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _options(spec: dict[str, Any]) -> list[str] | list[tuple[str, str]] | None:
    options = spec.get("options")
    if options is None:
        return None
    return [tuple(o) if isinstance(o, list) else o for o in options]  # type: ignore[return-value]


def _question(section: Section, spec: dict[str, Any]) -> Question:
    question = question_create(
        section=section,
        code=spec["code"],
        text=spec["text"],
        kind=spec["kind"],
        options=_options(spec),
        help_text=spec.get("help_text", ""),
        required=spec.get("required", False),
        max_length=spec.get("max_length", 2000),
        max_choices=spec.get("max_choices"),
    )
    if "condition" in spec and not question.condition_question_id:
        on_code, option_text = spec["condition"]
        question_condition_set(
            question=question,
            on=Question.objects.get(consultation=section.consultation, code=on_code),
            condition=Question.Condition.EQUALS,
            option_text=option_text,
        )
    return question


def _questionnaire(consultation: Consultation, spec: dict[str, Any]) -> None:
    sections = [
        Section.objects.create(consultation=consultation, title=s["title"], intro=s.get("intro", ""), order=i)
        for i, s in enumerate(spec["sections"], 1)
    ]
    if "capacity_options" in spec:
        question_create(
            section=sections[0],
            code="capacity",
            text="In what capacity are you responding?",
            kind=Question.Kind.SINGLE,
            options=spec["capacity_options"],
            required=True,
            order=0,
        )
    questionnaire_add_standard_questions(consultation=consultation)
    for section, section_spec in zip(sections, spec["sections"], strict=True):
        for question_spec in section_spec["questions"]:
            _question(section, question_spec)
    about_you = consultation.sections.get(is_equality=True)
    for question_spec in spec.get("equality", []):
        if "text" in question_spec:  # the reports' own questions, beside the Census-harmonised ones
            _question(about_you, question_spec)


@dataclass
class _Respondent:
    respondent_type: str
    answers: Answers = field(default_factory=dict)
    equality: Answers = field(default_factory=dict)
    themes: dict[int, list[int]] = field(default_factory=dict)  # question id -> theme ids


def _spread_over(answering: list[_Respondent], counts: list[int]) -> list[list[int]]:
    """For each of `counts`, which of `answering` get it: in turn, carrying on where the last stopped.

    Everyone answering gets at least one when the counts add up to at least their number, and nobody
    gets the same one twice as long as each count is at most their number.
    """
    picks: list[list[int]] = [[] for _ in answering]
    at = 0
    for index, count in enumerate(counts):
        if count > len(answering):
            raise ValueError(f"{count} is more than the {len(answering)} answering")
        for _ in range(count):
            picks[at % len(answering)].append(index)
            at += 1
    return picks


class _Generator:
    """Deterministic respondents whose answers add up to the counts in one consultation's data."""

    def __init__(self, consultation: Consultation, spec: dict[str, Any]) -> None:
        self.consultation = consultation
        self.spec = spec
        self.rng = random.Random(spec["seed"])  # noqa: S311 - demo data
        self.questions = {q.code: q for q in consultation.questions.prefetch_related("options")}
        self.options = {code: list(q.options.order_by("order", "pk")) for code, q in self.questions.items()}
        capacity = self.options["capacity"]
        self.respondents = [
            _Respondent(respondent_type=capacity[i].text)
            for i, count in enumerate(spec["respondent_types"])
            for _ in range(count)
        ]
        for respondent in self.respondents:
            option = next(o for o in capacity if o.text == respondent.respondent_type)
            respondent.answers[str(self.questions["capacity"].pk)] = str(option.pk)
        self.rng.shuffle(self.respondents)
        self.themes: dict[int, Theme] = {}

    def _pool(self, spec: dict[str, Any], answers: str) -> list[_Respondent]:
        if "condition" not in spec:
            return self.respondents
        on_code, option_text = spec["condition"]
        on = self.questions[on_code]
        wanted = str(next(o.pk for o in self.options[on_code] if o.text == option_text))
        return [r for r in self.respondents if getattr(r, answers).get(str(on.pk)) == wanted]

    def question(self, spec: dict[str, Any], *, equality: bool = False) -> None:
        code = spec["code"]
        question = self.questions[code]
        key = str(question.pk)
        answers = "equality" if equality else "answers"
        options = self.options[code]
        pool = list(self._pool(spec, answers))
        self.rng.shuffle(pool)
        if question.kind == Question.Kind.MULTIPLE:
            answering = pool[: spec["answered"]]
            for respondent, picks in zip(answering, _spread_over(answering, spec["counts"]), strict=True):
                if not picks:
                    raise ValueError(f"question {code}: the counts leave someone answering with nothing chosen")
                getattr(respondent, answers)[key] = [str(options[i].pk) for i in sorted(picks)]
        elif question.is_choice:
            remaining = list(spec["counts"])
            by_type: dict[str, list[int]] = spec.get("by_type", {})
            for respondent_type, counts in by_type.items():
                of_type = [r for r in pool if r.respondent_type == respondent_type]
                self._choose(of_type, counts, options, key, answers)
                remaining = [a - b for a, b in zip(remaining, counts, strict=True)]
            others = [r for r in pool if r.respondent_type not in by_type]
            self._choose(others, remaining, options, key, answers)
        elif "answered" in spec:
            self._written(question, spec, pool[: spec["answered"]], answers)

    def _choose(
        self, pool: list[_Respondent], counts: list[int], options: list[Option], key: str, answers: str
    ) -> None:
        values = [str(o.pk) for o, n in zip(options, counts, strict=True) for _ in range(n)]
        if len(values) > len(pool) or min(counts) < 0:
            raise ValueError(f"question {key}: counts {counts} do not fit {len(pool)} respondents")
        for respondent, value in zip(pool, values, strict=False):
            getattr(respondent, answers)[key] = value

    def _written(self, question: Question, spec: dict[str, Any], answering: list[_Respondent], answers: str) -> None:
        themes = [
            Theme.objects.get_or_create(question=question, name=t["name"], defaults={"position": i})[0]
            for i, t in enumerate(spec.get("themes", []), 1)
        ]
        counts = [t["count"] for t in spec.get("themes", [])]
        says = [t["says"] for t in spec.get("themes", [])]
        for respondent, picks in zip(answering, _spread_over(answering, counts), strict=True):
            text = " ".join(says[i] for i in picks) or spec["otherwise"]
            getattr(respondent, answers)[str(question.pk)] = text[: question.max_length]
            if picks:
                respondent.themes[question.pk] = [themes[i].pk for i in picks]

    def write(self, coder: User) -> None:
        spec = self.spec
        channels = [channel for channel, count in spec["channels"].items() for _ in range(count)]
        if len(channels) != len(self.respondents):
            raise ValueError(f"{len(channels)} responses by channel for {len(self.respondents)} respondents")
        self.rng.shuffle(channels)
        opens, closes = self.consultation.opens_at, self.consultation.closes_at
        postcode_key = str(self.questions["postcode"].pk)
        items: list[SyntheticResponse] = []
        for respondent, channel in zip(self.respondents, channels, strict=True):
            outward, district = self.rng.choice(KENT_OUTWARD)
            postcode = f"{outward} {self.rng.randint(1, 9)}AB"
            respondent.answers[postcode_key] = postcode
            items.append(
                SyntheticResponse(
                    channel=channel,
                    submitted_at=opens + (closes - opens) * self.rng.random(),
                    answers=respondent.answers,
                    equality=respondent.equality,
                    respondent_type=respondent.respondent_type,
                    postcode=postcode,
                    district=district,
                )
            )
        ids = responses_copy(consultation=self.consultation, responses=items)
        coded = {
            (response_id, question_id): answer_id
            for answer_id, response_id, question_id in Answer.objects.filter(
                response_id__in=ids, question__themes__isnull=False, option__isnull=True
            )
            .values_list("id", "response_id", "question_id")
            .distinct()
        }
        AnswerTheme.objects.bulk_create(
            AnswerTheme(answer_id=coded[(response_id, question_id)], theme_id=theme_id, coder=coder)
            for response_id, respondent in zip(ids, self.respondents, strict=True)
            for question_id, theme_ids in respondent.themes.items()
            for theme_id in theme_ids
        )


def _events(consultation: Consultation, spec: dict[str, Any]) -> None:
    """Drop-in sessions as the report gives them: their number, total attendance and any place it names."""
    sessions = spec["sessions"]
    share, extra = divmod(spec["attendance"], sessions)
    first = date.fromisoformat(spec["first"])
    ConsultationEvent.objects.bulk_create(
        ConsultationEvent(
            consultation=consultation,
            kind=spec["kind"],
            place=spec["last_place"] if i == sessions - 1 else spec["place"],
            held_on=first + timedelta(days=spec["every_days"] * i),
            attendance=share + (1 if i < extra else 0),
        )
        for i in range(sessions)
    )


def _demo_coder() -> User:
    """The person the demo's theme codes are recorded against: an account nobody can sign in to."""
    coder, created = User.objects.get_or_create(
        email=DEMO_CODER_EMAIL, defaults={"name": "Demo data (coded from the published report)", "is_active": False}
    )
    if created:
        coder.set_unusable_password()
        coder.save(update_fields=["password"])
    return coder


def published_consultation_seed(spec: dict[str, Any]) -> Consultation:
    """One published consultation from the data file: its page, questionnaire, responses, codes and events."""
    consultation, _ = Consultation.objects.update_or_create(
        slug=spec["slug"],
        defaults={name: spec.get(name, "") for name in CONSULTATION_FIELDS}
        | {
            "topics": [Topic(t) for t in spec["topics"]],
            "opens_at": _when(spec["opens_at"]),
            "closes_at": _when(spec["closes_at"]),
            "results_published_at": _when(spec["results_published_at"]),
            # The reports give no consultations address (24.1); the phone is Adult Social Care Connect's.
            "contact_email": "",
            "contact_phone": "03000 41 61 61",
        },
    )
    # Historical results: nobody is emailed about them.
    if consultation.opening_notified_at is None:
        now = timezone.now()
        Consultation.objects.filter(pk=consultation.pk).update(
            opening_notified_at=now, reminder_notified_at=now, results_notified_at=now
        )
    questionnaire_reset_if_changed(consultation=consultation, spec=spec)
    if not consultation.sections.exists():
        _questionnaire(consultation, spec)
    # What the council published beside each figure, and what it did not (marked illustrative): every run.
    Consultation.objects.filter(pk=consultation.pk).update(illustrative=spec.get("illustrative", []))
    for question_spec in [q for section in spec["sections"] for q in section["questions"]] + spec.get("equality", []):
        Question.objects.filter(consultation=consultation, code=question_spec["code"]).update(
            published=question_spec.get("published", ""),
            illustrative=question_spec.get("illustrative", False),
            easy_read_text=question_spec.get("easy_read_text", ""),
        )
    published_records_seed(consultation=consultation, spec=spec)
    if not consultation.responses.exists():
        generator = _Generator(consultation, spec)
        for section in spec["sections"]:
            for question in section["questions"]:
                generator.question(question)
        for question in spec.get("equality", []):
            generator.question(question, equality=True)
        generator.write(_demo_coder())
    if "events" in spec and not consultation.events.exists():
        _events(consultation, spec["events"])
    return consultation


def demo_seed() -> None:
    """Idempotent: consultations are matched by slug; questions, responses and events are added only once."""
    for spec in demo_data():
        published_consultation_seed(spec)
    # The fictional 2026 strategy that stood in for the 2022 one, if an older demo left it (it had no responses).
    Consultation.objects.filter(slug="kent-carers-strategy-2026", responses__isnull=True).delete()
    # The directory's proposals link the consultations on them, which exist now.
    from services.demo import change_consultations_link

    change_consultations_link()
    transaction.on_commit(demo_data_forget)

    now = timezone.now()
    carers, created = Consultation.objects.get_or_create(
        slug=OPEN_SLUG,
        defaults={
            "title": "Breaks and respite for unpaid carers",
            "summary": (
                "Tell us what kind of breaks from caring would help you most, and how you would like to book them."
            ),
            "body": (
                "Unpaid carers tell us that a break from caring helps them keep going. We want to design breaks "
                "that fit around your life.\n\nThis questionnaire takes about 10 minutes."
            ),
            "topics": [Topic.CARERS, Topic.ADULT_SOCIAL_CARE],
            "opens_at": now - timedelta(days=3),
            "closes_at": now + timedelta(days=45),
            "alternative_formats": "Ask us for a paper copy, large print or easy read version.",
            "contact_phone": "03000 41 61 61",
        },
    )
    # Made up for the demo, so that one consultation is open: labelled as an example wherever it is shown (24.1).
    Consultation.objects.filter(pk=carers.pk).update(is_example=True, contact_email="")
    if created:
        Consultation.objects.filter(pk=carers.pk).update(opening_notified_at=now)
        you = Section.objects.create(consultation=carers, title="About your response", order=1)
        breaks = Section.objects.create(consultation=carers, title="Breaks from caring", order=2)
        questionnaire_add_standard_questions(consultation=carers)
        question_create(
            section=you,
            code="postcode",
            text="What is your postcode?",
            kind=Question.Kind.POSTCODE,
            help_text="For example, ME14 1XX.",
        )
        had = question_create(
            section=breaks,
            code="had-break",
            text="Have you had a break from caring in the last 12 months?",
            kind=Question.Kind.SINGLE,
            options=["Yes", "No"],
            required=True,
        )
        helped = question_create(
            section=breaks,
            code="break-helped",
            text="How much did the break help you?",
            kind=Question.Kind.SINGLE,
            options=["A lot", "A little", "Not at all"],
        )
        question_condition_set(question=helped, on=had, condition=Question.Condition.EQUALS, option_text="Yes")
        question_create(
            section=breaks,
            code="break-kinds",
            text="Which kinds of break would help you most?",
            kind=Question.Kind.MULTIPLE,
            max_choices=3,
            options=[
                "A few hours in the day",
                "Overnight care at home",
                "A short stay for the person I care for",
                "A holiday together",
                "Activities for me",
            ],
        )
        question_create(
            section=breaks,
            code="breaks-agree",
            text="How far do you agree or disagree that booking a break should be possible online?",
            kind=Question.Kind.AGREE,
        )
        question_create(
            section=breaks,
            code="breaks-comments",
            text="Is there anything else you want to tell us about breaks from caring?",
            kind=Question.Kind.LONG_TEXT,
            max_length=1500,
        )
