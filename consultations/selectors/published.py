"""What a consultation's report records beyond the answers: how the council consulted, and its published tables."""

from __future__ import annotations

from dataclasses import dataclass

from consultations.models import Consultation, Outreach, PublishedTable


@dataclass
class OutreachGroup:
    label: str
    items: list[Outreach]


def consultation_outreach(*, consultation: Consultation) -> list[OutreachGroup]:
    """ "How we consulted": the records grouped under their kinds' headings, in the kinds' order."""
    items = list(Outreach.objects.filter(consultation=consultation))
    return [
        OutreachGroup(str(label), [item for item in items if item.kind == kind])
        for kind, label in Outreach.Kind.choices
        if any(item.kind == kind for item in items)
    ]


def consultation_published_tables(*, consultation: Consultation) -> list[PublishedTable]:
    return list(PublishedTable.objects.filter(consultation=consultation))
