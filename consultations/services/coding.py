"""The codebook and coding written answers."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from consultations.models import (
    Answer,
    AnswerReview,
    AnswerTheme,
    Question,
    Theme,
)


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
