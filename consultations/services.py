"""Writes for consultations: questionnaires, drafts, submission, keyed-in responses, subscriptions, emails."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from carers_portal.core.services import email_enqueue_template
from consultations.models import (
    Answer,
    AnswerReview,
    AnswerTheme,
    Consultation,
    ConsultationEvent,
    EqualityAnswer,
    Option,
    Question,
    Response,
    Section,
    Subscription,
    Theme,
    Topic,
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
SUBSCRIBE_SALT = "consultations.subscribe"
UNSUBSCRIBE_SALT = "consultations.unsubscribe"
SUBSCRIBE_LINK_MAX_AGE = 7 * 24 * 3600
REMINDER_BEFORE_CLOSING = timedelta(days=7)

AGREE_OPTIONS: list[tuple[str, str]] = [
    ("Strongly agree", Option.Group.AGREE),
    ("Tend to agree", Option.Group.AGREE),
    ("Neither agree nor disagree", Option.Group.NEITHER),
    ("Tend to disagree", Option.Group.DISAGREE),
    ("Strongly disagree", Option.Group.DISAGREE),
    ("Don't know", Option.Group.DONT_KNOW),
]
EFFECT_OPTIONS: list[tuple[str, str]] = [
    ("Large effect", ""),
    ("Moderate effect", ""),
    ("Minor effect", ""),
    ("No effect", ""),
    ("Don't know", Option.Group.DONT_KNOW),
]
PREFER_NOT = ("Prefer not to say", Option.Group.PREFER_NOT)


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


# --- Postcodes ---------------------------------------------------------------


def district_for_postcode(postcode: str) -> str:
    """The district name for a postcode, or blank when it is unknown (the one place the directory is asked)."""
    from services.geography import district_label
    from services.selectors import postcode_lookup

    if not postcode:
        return ""
    location = postcode_lookup(postcode=postcode)
    return district_label(location.district) if location is not None else ""


# --- Questionnaires ----------------------------------------------------------


def question_create(
    *,
    section: Section,
    text: str,
    kind: str,
    options: list[str] | list[tuple[str, str]] | None = None,
    code: str = "",
    help_text: str = "",
    required: bool = False,
    max_length: int = 2000,
    max_choices: int | None = None,
    prefer_not: bool = False,
    order: int | None = None,
) -> Question:
    """Add a question (scales get their standard options) at the end of a section, or update it by code."""
    if order is None:
        order = (section.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    fields: dict[str, Any] = {
        "section": section,
        "text": text,
        "kind": kind,
        "help_text": help_text,
        "required": required,
        "max_length": max_length,
        "max_choices": max_choices,
    }
    if code:
        question, created = Question.objects.get_or_create(
            consultation=section.consultation, code=code, defaults=fields | {"order": order}
        )
        if not created:
            return question
    else:
        question = Question.objects.create(consultation=section.consultation, order=order, **fields)
    specs: list[tuple[str, str]]
    if kind == Question.Kind.AGREE:
        specs = list(AGREE_OPTIONS)
    elif kind == Question.Kind.EFFECT:
        specs = list(EFFECT_OPTIONS)
    else:
        specs = [(o, "") if isinstance(o, str) else o for o in (options or [])]
    if prefer_not:
        specs.append(PREFER_NOT)
    Option.objects.bulk_create(
        [Option(question=question, text=text, group=group, order=i) for i, (text, group) in enumerate(specs, 1)]
    )
    return question


def question_condition_set(*, question: Question, on: Question, condition: str, option_text: str = "") -> None:
    question.condition_question = on
    question.condition = condition
    question.condition_option = on.options.get(text=option_text) if option_text else None
    question.save(update_fields=["condition_question", "condition", "condition_option"])


CAPACITY_OPTIONS = [
    "As a person who uses the services (or on behalf of someone who does)",
    "As a Kent resident",
    "As a partner agency (for example a health service or provider)",
    "On behalf of a voluntary, community or social enterprise (VCSE) organisation",
    "Other",
]
AGE_BANDS = ["Under 16", "16–24", "25–34", "35–49", "50–59", "60–64", "65–74", "75–84", "85 or over"]  # noqa: RUF001
ETHNIC_GROUPS = [
    "White: English, Welsh, Scottish, Northern Irish or British",
    "White: Irish",
    "White: Gypsy or Irish Traveller",
    "White: Roma",
    "White: Any other White background",
    "Mixed or Multiple: White and Black Caribbean",
    "Mixed or Multiple: White and Black African",
    "Mixed or Multiple: White and Asian",
    "Mixed or Multiple: Any other Mixed or Multiple background",
    "Asian or Asian British: Indian",
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Bangladeshi",
    "Asian or Asian British: Chinese",
    "Asian or Asian British: Any other Asian background",
    "Black, Black British, Caribbean or African: Caribbean",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
    "Other ethnic group: Arab",
    "Other ethnic group: Any other ethnic group",
]
EQUALITY_INTRO = (
    "We ask these questions to check that we hear from everyone our proposals could affect, and to meet our "
    "duties under the Equality Act 2010. Every question is optional and each has a “Prefer not to say” answer. "
    "We keep these answers separately from your other answers and only report them as totals."
)


@transaction.atomic
def questionnaire_add_standard_questions(*, consultation: Consultation) -> int:
    """Add "In what capacity are you responding?" first and the "About you" equality section last.

    Safe to run again: questions are matched by their code. Returns how many questions were added.
    """
    before = consultation.questions.count()
    first = consultation.sections.order_by("order", "pk").first()
    if first is None:
        first = Section.objects.create(consultation=consultation, title="About your response", order=1)
    question_create(
        section=first,
        code="capacity",
        text="In what capacity are you responding?",
        kind=Question.Kind.SINGLE,
        options=CAPACITY_OPTIONS,
        required=True,
        order=0,
    )
    section = consultation.sections.filter(is_equality=True).first()
    if section is None:
        last = consultation.sections.aggregate(m=Max("order"))["m"] or 0
        section = Section.objects.create(
            consultation=consultation, title="About you", intro=EQUALITY_INTRO, order=last + 1, is_equality=True
        )
    single = Question.Kind.SINGLE
    question_create(
        section=section, code="eq-age", text="What is your age?", kind=single, options=AGE_BANDS, prefer_not=True
    )
    question_create(
        section=section,
        code="eq-sex",
        text="What is your sex?",
        kind=single,
        options=["Female", "Male"],
        prefer_not=True,
    )
    gender = question_create(
        section=section,
        code="eq-gender",
        text="Is the gender you identify with the same as your sex registered at birth?",
        kind=single,
        options=["Yes", "No"],
        prefer_not=True,
    )
    gender_term = question_create(
        section=section,
        code="eq-gender-term",
        text="If you would like to, tell us the term you use for your gender identity",
        kind=Question.Kind.SHORT_TEXT,
        max_length=100,
    )
    if not gender_term.condition_question_id:
        question_condition_set(question=gender_term, on=gender, condition=Question.Condition.EQUALS, option_text="No")
    question_create(
        section=section,
        code="eq-ethnicity",
        text="What is your ethnic group?",
        kind=single,
        options=ETHNIC_GROUPS,
        prefer_not=True,
    )
    question_create(
        section=section,
        code="eq-religion",
        text="What is your religion?",
        kind=single,
        options=["No religion", "Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh", "Any other religion"],
        prefer_not=True,
    )
    question_create(
        section=section,
        code="eq-orientation",
        text="Which of the following best describes your sexual orientation?",
        kind=single,
        options=["Straight or heterosexual", "Gay or lesbian", "Bisexual", "Other sexual orientation"],
        prefer_not=True,
    )
    condition = question_create(
        section=section,
        code="eq-condition",
        text=(
            "Do you have any physical or mental health conditions or illnesses lasting or expected to last "
            "12 months or more?"
        ),
        kind=single,
        options=["Yes", "No"],
        prefer_not=True,
    )
    reduces = question_create(
        section=section,
        code="eq-condition-effect",
        text="Does your condition or illness reduce your ability to carry out day-to-day activities?",
        kind=single,
        options=["Yes, a lot", "Yes, a little", "Not at all"],
        prefer_not=True,
    )
    if not reduces.condition_question_id:
        question_condition_set(question=reduces, on=condition, condition=Question.Condition.EQUALS, option_text="Yes")
    question_create(
        section=section,
        code="eq-carer",
        text=(
            "Do you look after, or give any help or support to, anyone because they have long-term physical or "
            "mental health conditions or illnesses, or problems related to old age?"
        ),
        kind=single,
        options=[
            "No",
            "Yes, 9 hours a week or less",
            "Yes, 10 to 19 hours a week",
            "Yes, 20 to 34 hours a week",
            "Yes, 35 to 49 hours a week",
            "Yes, 50 or more hours a week",
        ],
        prefer_not=True,
    )
    question_create(
        section=section,
        code="eq-armed-forces",
        text="Are you a member of the Armed Forces community?",
        help_text="Select all that apply.",
        kind=Question.Kind.MULTIPLE,
        options=[
            "Yes, I am serving in the Armed Forces",
            "Yes, I am a veteran",
            "Yes, I am a member of a serving or veteran’s family",  # noqa: RUF001
            "No",
        ],
        prefer_not=True,
    )
    return consultation.questions.count() - before


# --- Drafts and submission -----------------------------------------------------


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


# --- Subscriptions -------------------------------------------------------------


@dataclass(frozen=True)
class SubscriptionRequest:
    email: str
    topics: list[str]


def _subscribe_cipher() -> MultiFernet:
    """Encrypts (and authenticates) the confirmation link's contents: the email address must not be readable in a
    link, a log or a browser's history. Keys come from SECRET_KEY (and its fallbacks, so rotating it keeps links
    working)."""
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(salted_hmac(SUBSCRIBE_SALT, "link", secret=key, algorithm="sha256").digest())
            )
            for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        ]
    )


def subscription_request(*, email: str, topics: list[str]) -> None:
    """Send a confirmation link; nothing is stored until the person confirms (double opt-in), so the link carries
    the email address and topics, encrypted."""
    topics = [t for t in Topic.values if t in topics]
    token = _subscribe_cipher().encrypt(json.dumps({"e": email.lower(), "t": topics}).encode()).decode()
    url = settings.SITE_URL + reverse("consultations:subscribe_confirm", kwargs={"token": token})
    labels = dict(Topic.choices)
    with transaction.atomic():
        email_enqueue_template(
            to=email,
            template="consultations/email/subscribe_confirm",
            context={"confirm_url": url, "topics": [labels[t] for t in topics]},
            category="consultation-subscribe",
        )


def subscription_confirm(*, token: str) -> Subscription | None:
    try:
        data = json.loads(_subscribe_cipher().decrypt(token.encode(), ttl=SUBSCRIBE_LINK_MAX_AGE))
    except (InvalidToken, UnicodeError, ValueError):
        return None
    subscription, _ = Subscription.objects.update_or_create(
        email=data["e"],
        defaults={"topics": data["t"], "confirmed_at": timezone.now(), "unsubscribed_at": None},
    )
    return subscription


def unsubscribe_token_make(*, subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)


def subscription_unsubscribe(*, token: str) -> Subscription | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    subscription = Subscription.objects.filter(pk=pk).first()
    if subscription is not None and subscription.unsubscribed_at is None:
        subscription.unsubscribed_at = timezone.now()
        subscription.save(update_fields=["unsubscribed_at"])
    return subscription


# --- Notifications (Celery beat) ----------------------------------------------


def _notify_subscribers(*, consultation: Consultation, template: str, kind: str) -> int:
    sent = 0
    subscribers = Subscription.objects.filter(
        confirmed_at__isnull=False, unsubscribed_at__isnull=True, topics__overlap=consultation.topics
    ).order_by("pk")
    for subscription in subscribers.iterator(chunk_size=500):
        unsubscribe_url = settings.SITE_URL + reverse(
            "consultations:unsubscribe", kwargs={"token": unsubscribe_token_make(subscription=subscription)}
        )
        email = email_enqueue_template(
            to=subscription.email,
            template=template,
            context={"consultation": consultation, "unsubscribe_url": unsubscribe_url},
            category=f"consultation-{kind}",
            # The subscription, not the address: a dedupe key outlives its outbox row.
            dedupe_key=f"consultation-{kind}:{consultation.pk}:{subscription.pk}",
            headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        sent += email is not None
    return sent


def _remind_drafts(*, consultation: Consultation) -> int:
    sent = 0
    drafts = Response.objects.filter(consultation=consultation, status=Response.Status.DRAFT).exclude(email="")
    for response in drafts.select_related("consultation").iterator(chunk_size=500):
        if response.user_id:
            url = settings.SITE_URL + reverse("consultations:respond", kwargs={"slug": consultation.slug})
        else:
            url = settings.SITE_URL + reverse(
                "consultations:resume",
                kwargs={"slug": consultation.slug, "token": resume_token_make(response=response)},
            )
        email = email_enqueue_template(
            to=response.email,
            template="consultations/email/draft_reminder",
            context={"consultation": consultation, "resume_url": url},
            category="consultation-reminder",
            dedupe_key=f"consultation-draft-reminder:{consultation.pk}:{response.pk}",
        )
        sent += email is not None
    return sent


def notifications_send_due(*, now: datetime | None = None) -> dict[str, int]:
    """Queue the "now open", "closes in 7 days" and "results published" emails that are due.

    Each round runs once per consultation (a timestamp on the consultation, set in the same transaction)
    and each person's email has a dedupe key, so nobody is told twice even if two beats overlap.
    """
    now = now or timezone.now()
    counts = {"opening": 0, "reminder": 0, "results": 0}
    due_open = Consultation.objects.filter(opens_at__lte=now, closes_at__gt=now, opening_notified_at__isnull=True)
    for consultation in due_open:
        with transaction.atomic():
            counts["opening"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/opening", kind="opening"
            )
            Consultation.objects.filter(pk=consultation.pk).update(opening_notified_at=now)
    due_reminder = Consultation.objects.filter(
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + REMINDER_BEFORE_CLOSING,
        reminder_notified_at__isnull=True,
    )
    for consultation in due_reminder:
        with transaction.atomic():
            counts["reminder"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/reminder", kind="reminder"
            )
            counts["reminder"] += _remind_drafts(consultation=consultation)
            Consultation.objects.filter(pk=consultation.pk).update(reminder_notified_at=now)
    due_results = Consultation.objects.filter(
        closes_at__lte=now, results_published_at__lte=now, results_notified_at__isnull=True
    )
    for consultation in due_results:
        with transaction.atomic():
            counts["results"] += _notify_subscribers(
                consultation=consultation, template="consultations/email/results", kind="results"
            )
            Consultation.objects.filter(pk=consultation.pk).update(results_notified_at=now)
    return counts


# --- Retention -------------------------------------------------------------------

DRAFT_RETENTION_AFTER_CLOSING = timedelta(days=30)


def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete unsubmitted drafts (and the email addresses they hold) 30 days after their consultation closed."""
    cutoff = (now or timezone.now()) - DRAFT_RETENTION_AFTER_CLOSING
    deleted, _ = Response.objects.filter(status=Response.Status.DRAFT, consultation__closes_at__lt=cutoff).delete()
    return deleted


# --- Themes: the codebook and coding --------------------------------------------------------


def theme_nesting_error(*, theme: Theme) -> str:
    """Why a theme cannot sit where it is (an error message), or "" if it can: one level of nesting only."""
    parent = theme.parent
    if parent is None:
        return ""
    if theme.pk is not None and parent.pk == theme.pk:
        return "A theme cannot sit under itself"
    if parent.question_id != theme.question_id:
        return "Choose a theme of the same question"
    if parent.parent_id is not None:
        return "Choose a top-level theme: themes can only be nested one level"
    if theme.pk is not None and Theme.objects.filter(parent_id=theme.pk).exists():
        return "This theme has themes under it, so it cannot sit under another theme"
    return ""


class ThemeInvalid(ValueError):
    pass


def theme_create(
    *, question: Question, name: str, definition: str = "", parent: Theme | None = None, position: int = 0
) -> Theme:
    """Add a theme to a written question's codebook. Raises ThemeInvalid."""
    if question.is_choice:
        raise ThemeInvalid("Themes are for questions with written answers")
    theme = Theme(question=question, name=name.strip(), definition=definition.strip(), parent=parent, position=position)
    problem = theme_nesting_error(theme=theme)
    if problem:
        raise ThemeInvalid(problem)
    theme.save()
    return theme


def answer_code(*, answer: Answer, coder: Any, theme_ids: set[int]) -> set[int]:
    """Save one coder's themes for a written answer (which may be none), replacing their earlier codes.

    Other coders' codes are untouched. Only themes of the answer's question count. Saving the same
    choice twice changes nothing. Returns the theme ids now recorded.
    """
    valid = set(Theme.objects.filter(question_id=answer.question_id, pk__in=theme_ids).values_list("pk", flat=True))
    with transaction.atomic():
        AnswerReview.objects.get_or_create(answer=answer, coder=coder)
        AnswerTheme.objects.filter(answer=answer, coder=coder).exclude(theme_id__in=valid).delete()
        existing = set(AnswerTheme.objects.filter(answer=answer, coder=coder).values_list("theme_id", flat=True))
        AnswerTheme.objects.bulk_create(
            [AnswerTheme(answer=answer, coder=coder, theme_id=theme_id) for theme_id in sorted(valid - existing)],
            ignore_conflicts=True,  # a double submission racing this one
        )
    return valid
