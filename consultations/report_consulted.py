"""The drafted report's "How we consulted" and the tables the council's report published, as the reports set
them out: dates, ways to respond, formats, meetings and promotion, each with its source."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from consultations.models import Consultation, ConsultationEvent, Outreach, Response
from consultations.report_layout import Part, Section, Table, bar_table, count, day, illustrative, listed
from consultations.selectors.published import consultation_outreach, consultation_published_tables
from consultations.selectors.results import Results
from services.eligibility import consultation_decisions


def outreach_line(item: Outreach) -> str:
    """One record as a bullet: its date, what was done, attendance if known, and where it comes from."""
    when = f"{day(item.held_on)}: " if item.held_on else ""
    came = f" Attendance: {count(item.attendance)}." if item.attendance is not None else ""
    return f"{when}{item.text}{came} (Source: {item.source}.)"


def _events(consultation: Consultation) -> list[Part]:
    """Drop-in sessions and group visits recorded one by one, with the responses keyed in at each."""
    events = list(ConsultationEvent.objects.filter(consultation=consultation))
    if not events:
        return []
    taken = dict(
        Response.objects.filter(consultation=consultation, status=Response.Status.SUBMITTED, event__isnull=False)
        .values("event_id")
        .annotate(c=Count("id"))
        .values_list("event_id", "c")
        .order_by()
    )
    sentences = []
    for kind, label in ConsultationEvent.Kind.choices:
        of_kind = [e for e in events if e.kind == kind]
        if of_kind:
            people = sum(e.attendance for e in of_kind)
            name = str(label).lower() + ("s" if len(of_kind) != 1 else "")
            sentences.append(f"{len(of_kind)} {name}, attended by {count(people)} people")
    responses = sum(taken.values())
    return [
        *illustrative(
            consultation,
            "events",
            "each session's date, place or attendance (only how many there were and how many people came)",
        ),
        Part(
            text=f"There were {listed(sentences)}. {count(responses)} "
            f"response{'s were' if responses != 1 else ' was'} taken at them."
        ),
        Part(
            table=Table(
                caption="Drop-in sessions and group visits",
                header=["Event", "Place", "Date", "Attendance", "Responses taken"],
                rows=[
                    [e.get_kind_display(), e.place, day(e.held_on), count(e.attendance), count(taken.get(e.pk, 0))]
                    for e in events
                ],
                text_columns=3,
            )
        ),
    ]


def how_we_consulted(results: Results) -> Section:
    consultation = results.consultation
    parts = [
        Part(
            text=(
                f"The consultation ran from {day(consultation.opens_at)} to {day(consultation.closes_at)}. "
                f"There were {count(results.total)} responses."
            )
        )
    ]
    used = [bar for bar in results.channels if bar.count]
    if used:
        parts += illustrative(consultation, "channels", "responses by channel")
        parts.append(
            Part(
                text="Responses by channel: "
                + listed([f"{bar.label.lower()} {count(bar.count)} ({bar.percent}%)" for bar in used])
                + "."
            )
        )
        parts.append(Part(table=bar_table(f"Responses by channel (N = {count(results.total)})", "Channel", used)))
    for group in consultation_outreach(consultation=consultation):
        parts.append(Part(heading=group.label, bullets=[outreach_line(item) for item in group.items]))
    parts += _events(consultation)
    return Section("How we consulted", parts)


def published_tables(consultation: Consultation) -> Section | None:
    """The council's own tables, cell for cell, each with its note and source."""
    tables = consultation_published_tables(consultation=consultation)
    if not tables:
        return None
    parts = [
        Part(
            text="These tables are reproduced exactly as the council's report published them; they are not worked "
            "out from the responses above."
        )
    ]
    for table in tables:
        parts.append(Part(heading=table.title, text=table.note))
        parts.append(Part(table=Table(caption=table.title, header=list(table.header), rows=table.rows)))
        parts.append(Part(text=f"Source: {table.source}."))
    return Section("Tables the council's report published", parts)


def what_we_changed(consultation: Consultation) -> Section | None:
    """We asked, you said, we did, as the consultation records them; then each change to a service it was about,
    as decided or as a proposal nobody has decided yet (a proposal in a report is not a decision)."""
    parts = [
        Part(heading=heading, text=text)
        for heading, text in (
            ("We asked", consultation.we_asked),
            ("You said", consultation.you_said),
            ("We did", consultation.we_did),
        )
        if text.strip()
    ]
    decisions = consultation_decisions(consultation_id=consultation.pk, on=timezone.localdate())
    if decisions:
        parts.append(
            Part(
                heading="Decisions on the proposals",
                bullets=[
                    f"{d.service}: "
                    + (
                        f"decided{' on ' + day(d.decided_on) if d.decided_on else ''}. "
                        if d.decided
                        else "not yet decided. "
                    )
                    + d.notice
                    + (f" (Source: {d.source}.)" if d.source else "")
                    for d in decisions
                ],
            )
        )
    return Section("What we changed", parts) if parts else None
