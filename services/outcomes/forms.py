from __future__ import annotations

from typing import Any

from django import forms

from services.outcomes.models import I_STATEMENTS, CarerStatements


class CarerStatementsForm(forms.Form):
    """The six statements, each agree or disagree; any may be left unanswered, but not all."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, text in I_STATEMENTS:
            self.fields[code] = forms.ChoiceField(
                label=text, choices=CarerStatements.Answer.choices, required=False, widget=forms.RadioSelect
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(code) for code, _ in I_STATEMENTS):
            raise forms.ValidationError("Select agree or disagree for at least one statement")
        return data
