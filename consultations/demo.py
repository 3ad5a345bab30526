"""Demo consultations for `manage.py seed_demo`: the 2024-25 wellbeing services consultation with
responses that reproduce its published headline figures, and an open one to try responding to."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Option, Question, Section, Topic
from consultations.questionnaire import Answers
from consultations.synthetic import COMMENTS, KENT_OUTWARD, SyntheticResponse, responses_copy

LONDON = ZoneInfo("Europe/London")
WELLBEING_SLUG = "wellbeing-services-in-the-community-2024"
OPEN_SLUG = "carers-breaks-and-respite"

# Headline counts per agree-disagree question (strongly agree, tend to agree, neither, tend to disagree,
# strongly disagree, don't know). Live Well Kent: 1,070 expressing a view, 6% agree, 80% disagree,
# 8% neither, 6% don't know, 65% strongly disagree.
LIVE_WELL_KENT = [20, 44, 86, 160, 696, 64]
NAVIGATION = [15, 30, 20, 102, 1053, 33]
WELLBEING = [40, 106, 61, 150, 787, 73]
TOTAL_RESPONSES = 1376
CAPACITY_COUNTS = [1087, 151, 28, 69, 41]
EFFECT_COUNTS = [1050, 156, 39, 26, 26]
CHANNEL_COUNTS = [("online", 1100), ("paper", 230), ("email", 30), ("phone", 16)]


def _wellbeing_questionnaire(consultation: Consultation) -> None:
    about = Section.objects.create(consultation=consultation, title="About your response", order=1)
    proposals = Section.objects.create(
        consultation=consultation,
        title="Our proposals",
        order=2,
        intro="Read the consultation document before you answer. Each proposal is explained there.",
    )
    effect = Section.objects.create(consultation=consultation, title="The effect on you", order=3)
    other = Section.objects.create(consultation=consultation, title="Anything else", order=4)
    services.questionnaire_add_standard_questions(consultation=consultation)
    services.question_create(
        section=about,
        code="services-used",
        text="Which of these services do you, or the person you are responding for, use?",
        help_text="Select all that apply.",
        kind=Question.Kind.MULTIPLE,
        options=[
            "Community Wellbeing (groups and activities for people aged 55 and over)",
            "Community Navigation",
            "Live Well Kent and Medway (mental health and wellbeing)",
            "None of these",
        ],
    )
    services.question_create(
        section=about,
        code="postcode",
        text="What is your postcode?",
        help_text="We use it to see which parts of Kent responses come from. For example, CT1 1XX.",
        kind=Question.Kind.POSTCODE,
    )
    services.question_create(
        section=proposals,
        code="wellbeing",
        text="How far do you agree or disagree with our proposal for Community Wellbeing services?",
        kind=Question.Kind.AGREE,
    )
    services.question_create(
        section=proposals,
        code="navigation",
        text="How far do you agree or disagree with our proposal for Community Navigation?",
        kind=Question.Kind.AGREE,
    )
    services.question_create(
        section=proposals,
        code="live-well-kent",
        text="How far do you agree or disagree with our proposal for Live Well Kent and Medway?",
        kind=Question.Kind.AGREE,
    )
    services.question_create(
        section=proposals,
        code="proposals-why",
        text="Tell us why you feel this way about the proposals",
        kind=Question.Kind.LONG_TEXT,
        max_length=2000,
    )
    services.question_create(
        section=effect,
        code="effect",
        text="What effect would the proposals have on you, or on the people you represent?",
        kind=Question.Kind.EFFECT,
    )
    services.question_create(
        section=effect,
        code="effect-how",
        text="Describe the effect the proposals would have",
        kind=Question.Kind.LONG_TEXT,
        max_length=2000,
    )
    services.question_create(
        section=effect,
        code="alternatives-support",
        text="If these services were no longer there, where would you go for support?",
        kind=Question.Kind.MULTIPLE,
        max_choices=3,
        options=[
            "My GP",
            "Adult social care",
            "A charity or community group",
            "Family or friends",
            "Nowhere",
            "Not sure",
        ],
    )
    services.question_create(
        section=other,
        code="suggestions",
        text="Do you have any other ideas about how we could make these savings?",
        kind=Question.Kind.LONG_TEXT,
        max_length=2000,
    )


def _spread(counts: list[int], options: list[Option], total: int, rng: random.Random) -> list[str | None]:
    values: list[str | None] = []
    for count, option in zip(counts, options, strict=True):
        values += [str(option.pk)] * count
    values += [None] * (total - len(values))
    rng.shuffle(values)
    return values


def _wellbeing_responses(consultation: Consultation) -> None:
    rng = random.Random(20241126)  # noqa: S311 - demo data
    questions = {q.code: q for q in consultation.questions.prefetch_related("options")}

    def options(code: str) -> list[Option]:
        return list(questions[code].options.order_by("order", "pk"))

    capacity = _spread(CAPACITY_COUNTS, options("capacity"), TOTAL_RESPONSES, rng)
    columns = {
        "wellbeing": _spread(WELLBEING, options("wellbeing"), TOTAL_RESPONSES, rng),
        "navigation": _spread(NAVIGATION, options("navigation"), TOTAL_RESPONSES, rng),
        "live-well-kent": _spread(LIVE_WELL_KENT, options("live-well-kent"), TOTAL_RESPONSES, rng),
        "effect": _spread(EFFECT_COUNTS, options("effect"), TOTAL_RESPONSES, rng),
    }
    channels = [c for c, n in CHANNEL_COUNTS for _ in range(n)]
    rng.shuffle(channels)
    used = options("services-used")
    support = options("alternatives-support")
    age = options("eq-age")
    carer = options("eq-carer")
    capacity_text = {str(o.pk): o.text for o in options("capacity")}
    opens, closes = consultation.opens_at, consultation.closes_at
    items: list[SyntheticResponse] = []
    for i in range(TOTAL_RESPONSES):
        answers: Answers = {str(questions["capacity"].pk): str(capacity[i])}
        for code, values in columns.items():
            if values[i] is not None:
                answers[str(questions[code].pk)] = str(values[i])
        answers[str(questions["services-used"].pk)] = sorted(
            {str(o.pk) for o in rng.sample(used[:3], rng.randint(1, 2))},
            key=lambda v: [str(o.pk) for o in used].index(v),
        )
        answers[str(questions["alternatives-support"].pk)] = sorted(
            {str(o.pk) for o in rng.sample(support, rng.randint(1, 3))},
            key=lambda v: [str(o.pk) for o in support].index(v),
        )
        if rng.random() < 0.55:
            answers[str(questions["proposals-why"].pk)] = rng.choice(COMMENTS)
        if rng.random() < 0.45:
            answers[str(questions["effect-how"].pk)] = rng.choice(COMMENTS)
        outward, district = rng.choice(KENT_OUTWARD)
        postcode = f"{outward} {rng.randint(1, 9)}AB"
        answers[str(questions["postcode"].pk)] = postcode
        equality: Answers = {}
        if rng.random() < 0.8:
            equality[str(questions["eq-age"].pk)] = str(
                rng.choices(age, weights=[0, 1, 2, 4, 6, 8, 14, 12, 5, 2])[0].pk
            )
            equality[str(questions["eq-carer"].pk)] = str(rng.choice(carer).pk)
        items.append(
            SyntheticResponse(
                channel=channels[i],
                submitted_at=opens + (closes - opens) * rng.random(),
                answers=answers,
                equality=equality,
                respondent_type=capacity_text[str(capacity[i])],
                postcode=postcode,
                district=district,
            )
        )
    responses_copy(consultation=consultation, responses=items)


def demo_seed() -> None:
    """Idempotent: consultations are matched by slug; questions and responses are added only once."""
    wellbeing, _ = Consultation.objects.update_or_create(
        slug=WELLBEING_SLUG,
        defaults={
            "title": "Wellbeing Services in the Community",
            "summary": (
                "We asked for views on changing how we fund community wellbeing, community navigation and "
                "Live Well Kent and Medway, so that support goes to people with medium and higher needs."
            ),
            "body": (
                "We need to save money on the wellbeing services we pay for. We proposed to focus Community "
                "Wellbeing and Community Navigation on people with medium and higher levels of need, and to "
                "reduce the central budget of Live Well Kent and Medway while keeping its core services.\n\n"
                "People with lower levels of need would be helped to find other groups, advice and support in "
                "their community, including Adult Social Care Connect and online information."
            ),
            "topics": [Topic.ADULT_SOCIAL_CARE, Topic.PUBLIC_HEALTH, Topic.OLDER_PEOPLE, Topic.MENTAL_HEALTH],
            "opens_at": datetime(2024, 11, 26, 9, 0, tzinfo=LONDON),
            "closes_at": datetime(2025, 1, 27, 23, 59, tzinfo=LONDON),
            "results_published_at": datetime(2025, 3, 20, 10, 0, tzinfo=LONDON),
            "bsl_video_url": "https://www.kent.gov.uk/bsl",
            "alternative_formats": (
                "An easy read version and paper copies were available. To ask for another format, such as large "
                "print or another language, contact us."
            ),
            "contact_email": "consultations@kent.gov.uk",
            "contact_phone": "03000 41 61 61",
            "postal_address": "Freepost KCC CONSULTATIONS",
            "we_asked": (
                "Whether you agreed with our proposals to change three wellbeing services, and how they would "
                "affect you."
            ),
            "you_said": (
                "Most of the 1,376 people who responded disagreed with each proposal. Many told us the groups and "
                "navigators are a lifeline, and worried about loneliness and more pressure on other services."
            ),
            "we_did": (
                "We looked again at the alternatives, planned an information campaign so people know where else "
                "to get help, and kept Community Navigation for people with medium and higher needs."
            ),
        },
    )
    # The demo results are historical: do not email subscribers about them.
    if wellbeing.opening_notified_at is None:
        now = timezone.now()
        Consultation.objects.filter(pk=wellbeing.pk).update(
            opening_notified_at=now, reminder_notified_at=now, results_notified_at=now
        )
    if not wellbeing.sections.exists():
        _wellbeing_questionnaire(wellbeing)
    if not wellbeing.responses.exists():
        _wellbeing_responses(wellbeing)

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
            "contact_email": "consultations@kent.gov.uk",
            "contact_phone": "03000 41 61 61",
        },
    )
    if created:
        Consultation.objects.filter(pk=carers.pk).update(opening_notified_at=now)
        you = Section.objects.create(consultation=carers, title="About your response", order=1)
        breaks = Section.objects.create(consultation=carers, title="Breaks from caring", order=2)
        services.questionnaire_add_standard_questions(consultation=carers)
        services.question_create(
            section=you,
            code="postcode",
            text="What is your postcode?",
            kind=Question.Kind.POSTCODE,
            help_text="For example, ME14 1XX.",
        )
        had = services.question_create(
            section=breaks,
            code="had-break",
            text="Have you had a break from caring in the last 12 months?",
            kind=Question.Kind.SINGLE,
            options=["Yes", "No"],
            required=True,
        )
        helped = services.question_create(
            section=breaks,
            code="break-helped",
            text="How much did the break help you?",
            kind=Question.Kind.SINGLE,
            options=["A lot", "A little", "Not at all"],
        )
        services.question_condition_set(question=helped, on=had, condition=Question.Condition.EQUALS, option_text="Yes")
        services.question_create(
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
        services.question_create(
            section=breaks,
            code="breaks-agree",
            text="How far do you agree or disagree that booking a break should be possible online?",
            kind=Question.Kind.AGREE,
        )
        services.question_create(
            section=breaks,
            code="breaks-comments",
            text="Is there anything else you want to tell us about breaks from caring?",
            kind=Question.Kind.LONG_TEXT,
            max_length=1500,
        )

    Consultation.objects.get_or_create(
        slug="kent-carers-strategy-2026",
        defaults={
            "title": "Kent carers’ strategy 2026 to 2031",  # noqa: RUF001
            "summary": "Help us set priorities for supporting unpaid carers over the next five years.",
            "body": "We will ask what matters most to you as a carer.",
            "topics": [Topic.CARERS],
            "opens_at": now + timedelta(days=30),
            "closes_at": now + timedelta(days=90),
        },
    )
