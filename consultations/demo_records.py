"""What the council's reports record beyond the answers, for the demo consultations: how it consulted and the
tables it published, each with its source. Replaced on every run, so the data file is always what shows."""

from __future__ import annotations

from datetime import date
from typing import Any

from consultations.models import Consultation, Outreach, PublishedTable


def published_records_seed(*, consultation: Consultation, spec: dict[str, Any]) -> None:
    """ "How we consulted" and the published tables, as the data file gives them (its `seed` keys say where in the
    seed reports each comes from; `source` is what readers see)."""
    Outreach.objects.filter(consultation=consultation).delete()
    Outreach.objects.bulk_create(
        Outreach(
            consultation=consultation,
            kind=item["kind"],
            text=item["text"],
            held_on=date.fromisoformat(item["held_on"]) if item.get("held_on") else None,
            attendance=item.get("attendance"),
            source=item["source"],
            order=item["order"],
        )
        for item in spec.get("outreach", [])
    )
    PublishedTable.objects.filter(consultation=consultation).delete()
    PublishedTable.objects.bulk_create(
        PublishedTable(
            consultation=consultation,
            title=table["title"],
            header=table["header"],
            rows=table["rows"],
            note=table.get("note", ""),
            source=table["source"],
            order=table["order"],
        )
        for table in spec.get("published_tables", [])
    )


def questionnaire_reset_if_changed(*, consultation: Consultation, spec: dict[str, Any]) -> None:
    """A demo seeded before a question's kind changed (the carers strategy's "choose up to three" was once a single
    choice) starts again: its responses, codes and questionnaire go, so the seed writes them afresh."""
    specs = {q["code"]: q for section in spec["sections"] for q in section["questions"]}
    changed = any(
        question.code in specs
        and (question.kind, question.max_choices)
        != (specs[question.code]["kind"], specs[question.code].get("max_choices"))
        for question in consultation.questions.all()
    )
    if changed:
        consultation.responses.all().delete()  # answers and their theme codes go with them
        consultation.events.all().delete()
        consultation.sections.all().delete()
