"""Responses: drafts, submission, keyed-in responses and the link back to a draft."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from carers_portal.core.services import email_enqueue_template
from consultations.models import (
    Answer,
    Consultation,
    ConsultationEvent,
    EqualityAnswer,
    Question,
    Response,
)
from consultations.questionnaire import (
    Answers,
    Questionnaire,
    answers_problems,
    answers_visible,
    questionnaire_load,
    value_normalise,
)

RESUME_SALT = "consultations.resume"


class ConsultationNotOpen(Exception):
    """Responses are accepted only between opening and closing."""

    def __init__(self, consultation: Consultation) -> None:
        self.consultation = consultation
        status = consultation.status
        if status == Consultation.Status.UPCOMING:
            when = timezone.localtime(consultation.opens_at).strftime("%-d %B %Y at %-I:%M%p").replace(":00", "")
            message = f"This consultation is not open yet. It opens on {when.replace('AM', 'am').replace('PM', 'pm')}."
        else:
            message = "This consultation has closed. We can no longer accept responses."
        super().__init__(message)


class AlreadySubmitted(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response
        super().__init__("You have already responded to this consultation.")


class ResponseIncomplete(Exception):
    def __init__(self, problems: dict[str, tuple[int, str]]) -> None:
        self.problems = problems
        self.first_section = min(index for index, _ in problems.values())
        super().__init__("Some answers are missing or need changing.")


def district_for_postcode(postcode: str) -> str:
    """The district name for a postcode, or blank when it is unknown (the one place the directory is asked)."""
    from services.geography import district_label
    from services.selectors.postcodes import postcode_lookup

    if not postcode:
        return ""
    location = postcode_lookup(postcode=postcode)
    return district_label(location.district) if location is not None else ""


def consultation_assert_open(*, consultation: Consultation, now: datetime | None = None) -> None:
    if consultation.status_at(now or timezone.now()) != Consultation.Status.OPEN:
        raise ConsultationNotOpen(consultation)


def response_draft_start(*, consultation: Consultation, user: Any = None) -> Response:
    """The signed-in person's response (draft or submitted), or a new anonymous draft."""
    consultation_assert_open(consultation=consultation)
    if user is not None and user.is_authenticated:
        response, _ = Response.objects.get_or_create(
            consultation=consultation, user=user, defaults={"email": user.email}
        )
        return response
    return Response.objects.create(consultation=consultation)


def response_draft_save(*, response: Response, answers: Answers) -> Response:
    """Merge one page's answers into a draft. Only called with a whole, valid page."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status != Response.Status.DRAFT:
            raise AlreadySubmitted(locked)
        consultation_assert_open(consultation=locked.consultation)
        locked.draft = {**locked.draft, **answers}
        locked.save(update_fields=["draft", "updated_at"])
    return locked


def _answer_rows(
    *, questionnaire: Questionnaire, response: Response, answers: Answers
) -> tuple[list[Answer], list[EqualityAnswer]]:
    main: list[Answer] = []
    equality: list[EqualityAnswer] = []
    for section in questionnaire.sections:
        for q in section.questions:
            value = answers.get(q.key)
            if value is None:
                continue
            rows: list[dict[str, Any]]
            if isinstance(value, list):
                rows = [{"option_id": int(v)} for v in value]
            elif q.question.is_choice:
                rows = [{"option_id": int(value)}]
            else:
                rows = [{"text": value}]
            for row in rows:
                if section.section.is_equality:
                    equality.append(EqualityAnswer(response=response, question=q.question, **row))
                else:
                    main.append(Answer(response=response, question=q.question, **row))
    return main, equality


def _response_finish(
    *,
    response: Response,
    questionnaire: Questionnaire,
    answers: Answers,
    submitted_at: datetime,
) -> None:
    """Write the answers and the derived columns, inside the caller's transaction."""
    from services.geography import postcode_normalise

    answers = {k: value_normalise(questionnaire.by_key()[k], v) for k, v in answers.items()}
    answers = answers_visible(questionnaire=questionnaire, answers=answers)
    main, equality = _answer_rows(questionnaire=questionnaire, response=response, answers=answers)
    Answer.objects.bulk_create(main)
    EqualityAnswer.objects.bulk_create(equality)
    respondent_type = ""
    postcode = ""
    for q in questionnaire.main_questions():
        value = answers.get(q.key)
        if value and q.question.code == "capacity" and isinstance(value, str):
            respondent_type = q.option_text(value)
        if value and q.question.kind == Question.Kind.POSTCODE and not postcode and isinstance(value, str):
            postcode = postcode_normalise(value) or ""
    response.respondent_type = respondent_type
    response.postcode = postcode
    response.district = district_for_postcode(postcode)
    response.status = Response.Status.SUBMITTED
    response.submitted_at = submitted_at
    response.draft = {}
    response.save()


def response_submit(*, response: Response, email: str = "", now: datetime | None = None) -> Response:
    """Turn a complete draft into a response, once. Checks again that the consultation is open.

    Raises ConsultationNotOpen, AlreadySubmitted or ResponseIncomplete; nothing is written then.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("consultation").get(pk=response.pk)
        if locked.status == Response.Status.SUBMITTED:
            raise AlreadySubmitted(locked)
        consultation_assert_open(consultation=locked.consultation, now=now)
        questionnaire = questionnaire_load(consultation=locked.consultation)
        answers: Answers = dict(locked.draft)
        problems = answers_problems(questionnaire=questionnaire, answers=answers)
        if problems:
            raise ResponseIncomplete(problems)
        if email:
            locked.email = email
        _response_finish(response=locked, questionnaire=questionnaire, answers=answers, submitted_at=now)
        if email:
            email_enqueue_template(
                to=email,
                template="consultations/email/receipt",
                context={"consultation": locked.consultation, "response": locked},
                category="consultation-receipt",
                dedupe_key=f"consultation-receipt:{locked.pk}",
            )
    return locked


def response_key_in(
    *,
    consultation: Consultation,
    channel: str,
    answers: Answers,
    received_at: datetime,
    keyed_in_by: Any,
    idempotency_key: str = "",
    event: ConsultationEvent | None = None,
) -> Response:
    """Record a paper, email or phone response, or one taken at an event, typed in by staff. Raises ResponseIncomplete.

    With an `idempotency_key` (the form's one-time token) a repeated submission returns the first response.
    A response taken at an event names the event, which must belong to the consultation.
    """
    if channel not in Response.Channel.values:
        raise ValueError(f"Unknown channel {channel!r}")
    if (channel == Response.Channel.EVENT) != (event is not None):
        raise ValueError("A response taken at an event, and only one, names the event")
    if event is not None and event.consultation_id != consultation.pk:
        raise ValueError("The event belongs to another consultation")
    if idempotency_key:
        existing = Response.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    questionnaire = questionnaire_load(consultation=consultation)
    problems = answers_problems(questionnaire=questionnaire, answers=answers)
    if problems:
        raise ResponseIncomplete(problems)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation,
                channel=channel,
                event=event,
                keyed_in_by=keyed_in_by,
                idempotency_key=idempotency_key,
            )
            _response_finish(response=response, questionnaire=questionnaire, answers=answers, submitted_at=received_at)
    except IntegrityError:
        if idempotency_key:  # a simultaneous double submission: the other one won
            return Response.objects.get(idempotency_key=idempotency_key)
        raise
    return response


def resume_token_make(*, response: Response) -> str:
    return signing.dumps({"r": response.pk, "c": response.consultation_id}, salt=RESUME_SALT)


def resume_token_read(*, token: str, max_age_seconds: int) -> Response | None:
    try:
        data = signing.loads(token, salt=RESUME_SALT, max_age=max_age_seconds)
    except signing.BadSignature:
        return None
    return Response.objects.filter(pk=data.get("r"), consultation_id=data.get("c"), user__isnull=True).first()


def resume_link_send(*, response: Response, email: str) -> None:
    """Email an anonymous respondent a signed link back to their draft."""
    with transaction.atomic():
        response.email = email
        response.save(update_fields=["email", "updated_at"])
        url = settings.SITE_URL + reverse(
            "consultations:resume",
            kwargs={"slug": response.consultation.slug, "token": resume_token_make(response=response)},
        )
        email_enqueue_template(
            to=email,
            template="consultations/email/resume",
            context={"consultation": response.consultation, "resume_url": url},
            category="consultation-resume",
        )
