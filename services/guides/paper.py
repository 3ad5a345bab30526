"""The paper self-assessment: the online self-assessment's own questions (accounts.steps), laid out to print.

Built from the same forms, so the paper and the online version never drift apart, and each question carries the
reference of its online page and field for the staff who key a returned form in (docs/carers-pages.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from accounts import steps
from accounts.keyed_in_forms import PaperAboutForm

# Where to send the form, for the page and its PDF. The reports give no postal address for a self-assessment, so
# the carer phones or emails to ask. Seed 004, 22/00015, "Get in touch with Kent Adult Social Care and Health";
# seed 003, item B4 (16/00090), "Getting in touch".
PHONE = "03000 41 61 61"
PHONE_HOURS = "Monday to Friday, 8.30am to 5pm"
TEXT_RELAY = "18001 03000 41 61 61"
OUT_OF_HOURS = "03000 41 91 91"
EMAIL = "social.services@kent.gov.uk"
CONTACT_SOURCES = (
    "Kent County Council, Adult Carers' Strategy 2022 (22/00015): “Get in touch with Kent Adult Social Care and "
    "Health”",
    "Kent County Council, Local Account for Kent Adult Social Care 2015-16 (16/00090): “Getting in touch”",
)


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
    parts: list[tuple[str, str, forms.Form]] = [("About you", "register", PaperAboutForm())]
    parts += [(step.title, step.slug, step.form_class()) for step in steps.STEPS]
    for title, slug, form in parts:
        questions = []
        for name, field in form.fields.items():
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
