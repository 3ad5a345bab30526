"""Is each accepted submission stored exactly once? Counted in PostgreSQL by the marker it carried."""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.apps import apps
from django.db import models

# Where each kind of submission lands (app label, model name), when that feature is on the branch.
MODELS = {
    "referral": [("referrals", "Referral"), ("services", "Referral")],
    "consultation response": [("consultations", "Response"), ("consultations", "ConsultationResponse")],
}


def _model(kind: str) -> Any:
    for app_label, name in MODELS[kind]:
        try:
            return apps.get_model(app_label, name)
        except LookupError:
            continue
    return None


def rows_with_marker(model: Any, marker: str) -> int:
    text_fields = [
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField | models.EmailField) and not f.choices
    ]
    if not text_fields:
        return 0
    query = reduce(operator.or_, (models.Q(**{f"{name}__icontains": marker}) for name in text_fields))
    return int(model.objects.filter(query).count())


def responses_with_marker(marker: str) -> int:
    """A consultation response's free-text answers are rows of their own: count the responses they belong to."""
    answer = apps.get_model("consultations", "Answer")
    return int(answer.objects.filter(text__icontains=marker).values("response_id").distinct().count())


def stored_once(kind: str, markers: list[str]) -> tuple[bool, str]:
    if not markers:
        return True, f"no {kind}s sent"
    model = _model(kind)
    if model is None:
        return False, f"{kind}s were accepted but no {kind} model was found to count them"
    if kind == "consultation response":
        counts = {marker: responses_with_marker(marker) for marker in set(markers)}
    else:
        counts = {marker: rows_with_marker(model, marker) for marker in set(markers)}
    wrong = {m: n for m, n in counts.items() if n != 1}
    note = f"{len(counts) - len(wrong)}/{len(counts)} {kind}s stored exactly once ({model._meta.label})"
    return not wrong, note + (f"; wrong: {dict(list(wrong.items())[:5])}" if wrong else "")
