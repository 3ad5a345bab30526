"""Writing questionnaires: questions with their standard options, and the standard questions every consultation asks."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max

from consultations.models import (
    Consultation,
    Option,
    Question,
    Section,
)

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
