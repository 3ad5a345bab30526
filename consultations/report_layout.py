"""The drafted report's building blocks: sections of parts (headings, paragraphs, lists, tables), and the
reports' own ways of writing dates, counts and lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from consultations.models import Consultation
from consultations.selectors.figures import Bar


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    text_columns: int = 1  # the columns after these hold figures


@dataclass
class Part:
    """One piece of a section: a sub-heading, a paragraph, a bulleted list or a table."""

    heading: str = ""
    text: str = ""
    bullets: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Section:
    title: str
    parts: list[Part]


@dataclass
class Report:
    consultation: Consultation
    title: str
    sections: list[Section]


def day(value: datetime | date) -> str:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def count(value: int) -> str:
    return f"{value:,}"


def listed(items: list[str]) -> str:
    """ "a, b and c" as the reports write lists."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def bar_table(caption: str, label: str, bars: list[Bar]) -> Table:
    return Table(
        caption=caption,
        header=[label, "Number", "Percentage"],
        rows=[[bar.label, count(bar.count), f"{bar.percent}%"] for bar in bars],
    )


def illustrative(consultation: Consultation, part: str, what: str) -> list[Part]:
    """A marked paragraph before figures the council's report did not publish (issue 24.5)."""
    if part not in consultation.illustrative:
        return []
    return [Part(text=f"Illustrative: the council's report did not publish {what}; these figures are made up.")]
