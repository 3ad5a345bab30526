"""The self-assessment's pages, in order: one topic per page.

Answers are stored as JSON, keyed by step slug, each holding that page's cleaned form data.
`answers_to_eligibility` reads them into the pure regulation 3 function's input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms

from accounts import eligibility as elig
from accounts import forms


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form_class: type[forms.StepForm]
    # Outcome pages put their question in the radios' legend, as the h1.
    question_is_heading: bool = False


STEPS: tuple[Step, ...] = (
    Step("caring", "Your caring role", forms.CaringStepForm),
    Step("health", "Your health, sleep and stress", forms.HealthStepForm),
    *(
        Step(f"outcome-{o.value.replace('_', '-')}", forms.OUTCOME_QUESTIONS[o][0], forms.outcome_form(o), True)
        for o in elig.Outcome
    ),
    Step("wellbeing", "How caring affects your wellbeing", forms.WellbeingStepForm),
    Step("carrying-on", "Carrying on caring", forms.FutureStepForm),
    Step("what-matters", "What matters to you", forms.MattersStepForm),
    Step("emergency-plan", "Your emergency plan", forms.EmergencyStepForm),
)
STEP_BY_SLUG: dict[str, Step] = {s.slug: s for s in STEPS}
OUTCOME_STEP: dict[elig.Outcome, str] = {o: f"outcome-{o.value.replace('_', '-')}" for o in elig.Outcome}


def step_index(slug: str) -> int:
    return [s.slug for s in STEPS].index(slug)


def step_previous(slug: str) -> Step | None:
    i = step_index(slug)
    return STEPS[i - 1] if i > 0 else None


def step_next(slug: str) -> Step | None:
    i = step_index(slug)
    return STEPS[i + 1] if i + 1 < len(STEPS) else None


def step_answers(data: Mapping[str, Any]) -> dict[str, Any]:
    """One page's cleaned form data as stored (JSON values only), whichever way it was entered: online or keyed in."""
    return {k: v for k, v in data.items() if isinstance(v, str | list | bool | int) or v is None}


def step_first_unanswered(answers: Mapping[str, Any]) -> Step | None:
    return next((s for s in STEPS if s.slug not in answers), None)


def _enum_or_none(enum: Any, value: Any) -> Any:
    try:
        return enum(value)
    except ValueError:
        return None


def answers_to_eligibility(answers: Mapping[str, Any], *, cares_for_adult: bool = True) -> elig.EligibilityAnswers:
    """Read stored answers into regulation 3's input. Unknown or missing values become None."""
    outcomes: dict[elig.Outcome, elig.Ability] = {}
    for outcome, slug in OUTCOME_STEP.items():
        ability = _enum_or_none(elig.Ability, answers.get(slug, {}).get("ability"))
        if ability is not None:
            outcomes[outcome] = ability
    return elig.EligibilityAnswers(
        necessary_care=_enum_or_none(elig.NecessaryCare, answers.get("caring", {}).get("necessary_care")),
        health=_enum_or_none(elig.Health, answers.get("health", {}).get("health")),
        outcomes=outcomes,
        impact=_enum_or_none(elig.Impact, answers.get("wellbeing", {}).get("impact")),
        cares_for_adult=cares_for_adult,
    )


@dataclass(frozen=True)
class SummaryRow:
    question: str
    answer: str
    field: str


def _display(field: django_forms.Field, value: Any) -> str:
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return "\n".join(str(choices.get(v, v)) for v in value) if value else "None selected"
    if value in (None, ""):
        return "Not answered"
    return str(choices.get(value, value))


def form_summary(form: django_forms.Form, data: Mapping[str, Any]) -> list[SummaryRow]:
    """A form's questions and the stored answers to them, in words."""
    return [
        SummaryRow(question=str(field.label), answer=_display(field, data.get(name)), field=name)
        for name, field in form.fields.items()
    ]


def step_summary(step: Step, data: Mapping[str, Any]) -> list[SummaryRow]:
    """The questions and answers of one page, for "Check your answers" and the result page."""
    return form_summary(step.form_class(), data)


def answers_summary(answers: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """Every page's questions and answers in words, by page title: what a provider's staff read."""
    return {
        step.title: {row.question: row.answer for row in step_summary(step, answers.get(step.slug, {}))}
        for step in STEPS
    }
