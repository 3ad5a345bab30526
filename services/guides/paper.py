"""The paper self-assessment: the online self-assessment's own questions (accounts.steps), laid out to print.

Built from the same forms, so the paper and the online version never drift apart, and each question carries the
reference of its online page and field for the staff who key a returned form in (docs/carers-pages.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from accounts import steps
from accounts.forms import CarerProfileForm

# The registration questions a paper form needs to reach the carer and their local carers' organisation.
ABOUT_YOU_FIELDS = ("preferred_name", "contact_methods", "phone", "address", "postcode", "age_band", "work_status")


@dataclass(frozen=True)
class PaperQuestion:
    number: int
    label: str
    help_text: str
    answer: str  # "one" (tick one), "many" (tick all that apply), "line" or "lines" (write)
    choices: list[str]
    reference: str  # online page / field, for keying in


@dataclass(frozen=True)
class PaperSection:
    title: str
    questions: list[PaperQuestion]


def _answer(field: forms.Field) -> str:
    if isinstance(field.widget, forms.CheckboxSelectMultiple):
        return "many"
    if isinstance(field, forms.ChoiceField):
        return "one"
    return "lines" if isinstance(field.widget, forms.Textarea) else "line"


def paper_sections() -> list[PaperSection]:
    """Every question of the registration's "about you" part and of each self-assessment page, numbered in order."""
    number = 0
    sections = []
    parts: list[tuple[str, str, forms.Form, tuple[str, ...] | None]] = [
        ("About you", "register", CarerProfileForm(), ABOUT_YOU_FIELDS)
    ]
    parts += [(step.title, step.slug, step.form_class(), None) for step in steps.STEPS]
    for title, slug, form, names in parts:
        questions = []
        for name, field in form.fields.items():
            if names is not None and name not in names:
                continue
            number += 1
            answer = _answer(field)
            questions.append(
                PaperQuestion(
                    number=number,
                    label=str(field.label),
                    help_text=str(field.help_text or ""),
                    answer=answer,
                    choices=[str(label) for _, label in getattr(field, "choices", [])]
                    if answer in {"one", "many"}
                    else [],
                    reference=f"{slug} / {name}",
                )
            )
        sections.append(PaperSection(title=title, questions=questions))
    return sections
