"""The drafted report: events and responses taken at them, the reports' sentences, and the same words in the .docx."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from carers_portal.core.models import AuditEvent
from consultations.models import Consultation, ConsultationEvent, Response, Theme
from consultations.report import consultation_report
from consultations.services.coding import answer_code
from consultations.services.responses import response_key_in
from tests.consultations.support import agree_responses, build_consultation, field, key_in_url, option_id, written

pytestmark = pytest.mark.django_db


def event_response(consultation: Consultation, event: ConsultationEvent | None, token: str) -> dict[str, Any]:
    return {
        "token": token,
        "channel": "event",
        "event": str(event.pk) if event else "",
        "received_on": "10/12/2024",
        field(consultation, "capacity"): option_id(consultation, "capacity", "Other"),
        field(consultation, "uses"): option_id(consultation, "uses", "No"),
        field(consultation, "agree"): option_id(consultation, "agree", "Tend to agree"),
    }


@pytest.fixture
def closed(db: Any) -> Consultation:
    return build_consultation("closed-services", opens_in_days=-60, closes_in_days=-1)


def test_responses_taken_at_an_event_are_keyed_in_with_the_event(
    closed: Consultation, commissioner_client: Client
) -> None:
    drop_in = ConsultationEvent.objects.create(
        consultation=closed, kind="drop-in", place="Deal library", held_on=date(2024, 12, 10), attendance=12
    )
    other = build_consultation("other-consultation")
    elsewhere = ConsultationEvent.objects.create(
        consultation=other, kind="group-visit", place="Elsewhere", held_on=date(2024, 12, 1), attendance=3
    )
    page = commissioner_client.get(key_in_url(closed))
    html = page.content.decode()
    assert "At an event" in html
    assert "Drop-in session, Deal library, 10 December 2024" in html
    assert "Elsewhere" not in html
    missing = commissioner_client.post(key_in_url(closed), event_response(closed, None, "t-1"))
    assert "Select the event where the response was taken" in missing.content.decode()
    wrong = commissioner_client.post(key_in_url(closed), event_response(closed, elsewhere, "t-2"))
    assert wrong.status_code == 200
    paper_at_event = event_response(closed, drop_in, "t-3") | {"channel": "paper"}
    assert "Select “At an event”" in commissioner_client.post(key_in_url(closed), paper_at_event).content.decode()
    assert not Response.objects.filter(consultation=closed).exists()
    saved = commissioner_client.post(key_in_url(closed), event_response(closed, drop_in, "t-4"))
    assert saved.status_code == 302
    response = Response.objects.get(consultation=closed)
    assert (response.channel, response.event) == ("event", drop_in)
    with pytest.raises(ValueError, match="names the event"):
        response_key_in(
            consultation=closed, channel="event", answers={}, received_at=response.submitted_at, keyed_in_by=None
        )


def test_the_report_states_the_figures_in_the_reports_own_form(
    closed: Consultation, commissioner_client: Client, staff_user_factory: Any
) -> None:
    agree_responses(
        closed,
        {
            "Strongly agree": 2,
            "Tend to agree": 4,
            "Neither agree nor disagree": 8,
            "Strongly disagree": 60,
            "Tend to disagree": 20,
            "Don't know": 6,
        },
        "As a Kent resident",
    )
    agree_responses(closed, {"Tend to agree": 5, "Strongly disagree": 5}, "Other")
    answers = written(closed, [("Other", "I would be lonely"), ("Other", "It costs too much"), ("Other", "lonely")])
    why = closed.questions.get(code="why")
    isolation = Theme.objects.create(question=why, name="The proposals would contribute to isolation")
    coder = staff_user_factory(email="coder@example.com", staff_role="commissioner")
    answer_code(answer=answers[0], coder=coder, theme_ids={isolation.pk})
    answer_code(answer=answers[2], coder=coder, theme_ids={isolation.pk})
    drop_in = ConsultationEvent.objects.create(
        consultation=closed, kind="drop-in", place="Deal library", held_on=date(2024, 12, 10), attendance=12
    )
    ConsultationEvent.objects.create(
        consultation=closed, kind="drop-in", place="Margate", held_on=date(2024, 12, 11), attendance=7
    )
    ConsultationEvent.objects.create(
        consultation=closed, kind="group-visit", place="Carers' group, Ashford", held_on=date(2025, 1, 8), attendance=9
    )
    commissioner_client.post(key_in_url(closed), event_response(closed, drop_in, "t-1"))

    page = commissioner_client.get(reverse("consultations:report", kwargs={"slug": closed.slug}))
    assert page.status_code == 200
    html = page.content.decode()
    # 114 responses: 113 online, 1 at an event. The agree question: 111 expressing a view.
    expected = [
        "There were 114 responses.",
        "2 drop-in sessions, attended by 19 people and 1 group visit, attended by 9 people",
        "1 response was taken at them.",
        "Of 111 consultees expressing a view, 11% agreed, 77% disagreed, 7% neither agreed nor disagreed, "
        "and 5% said they didn&#x27;t know (n = 111, N = 114).",
        "Strength of disagreement: 59% of those expressing a view were strongly disagreeing.",
        "There were slightly higher levels of agreement among those responding “Other” (55%, n = 11). A type of "
        "respondent is named where more of them agreed than consultees overall (11%) and at least 10 of them "
        "expressed a view.",
        "88% responded “As a Kent resident” and 12% responded “Other” (N = 114).",
        "The proposals would contribute to isolation (67% of those responding)",
        "Deal library",
        "Of 4 consultees answering, 100% chose “No” (n = 4, N = 114).",
    ]
    for sentence in expected:
        assert sentence in html, sentence
    assert "No one answered this question." not in html  # unanswered questions (here equality) are left out
    assert AuditEvent.objects.filter(summary="Drafted the report").count() == 1

    download = commissioner_client.get(reverse("consultations:report_docx", kwargs={"slug": closed.slug}))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="closed-services-report.docx"'
    document = Document(io.BytesIO(download.content))
    paragraphs = [p.text for p in document.paragraphs]
    report = consultation_report(consultation=closed)
    # Every sentence, list item and heading of the page is in the document, in the same order.
    words = [
        text
        for section in report.sections
        for part in section.parts
        for text in [section.title if part is section.parts[0] else "", part.heading, part.text, *part.bullets]
        if text
    ]
    in_document = [p for p in paragraphs if p in set(words)]
    assert in_document == words
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    events = next(t for t in tables if t[0][0] == "Event")
    assert events[1] == ["Drop-in session", "Deal library", "10 December 2024", "12", "1"]
    assert AuditEvent.objects.filter(summary="Downloaded the drafted report").count() == 1


def test_the_report_waits_for_the_consultation_to_close(commissioner_client: Client) -> None:
    consultation = build_consultation("still-open")
    page = commissioner_client.get(reverse("consultations:report", kwargs={"slug": consultation.slug}))
    assert "You can draft the report once the consultation closes" in page.content.decode()
    download = commissioner_client.get(reverse("consultations:report_docx", kwargs={"slug": consultation.slug}))
    assert download["Content-Type"].startswith("text/html")


def test_only_commissioners_draft_the_report(closed: Consultation, staff_user_factory: Any, staff_login: Any) -> None:
    provider = staff_login(Client(), staff_user_factory(email="p@example.com", staff_role="provider"))
    assert provider.get(reverse("consultations:report", kwargs={"slug": closed.slug})).status_code == 403
    assert Client().get(reverse("consultations:report_docx", kwargs={"slug": closed.slug})).status_code == 302


def test_events_are_recorded_on_the_consultations_admin_page(closed: Consultation, commissioner_client: Client) -> None:
    ConsultationEvent.objects.create(
        consultation=closed, kind="group-visit", place="Carers' group, Ashford", held_on=date(2025, 1, 8), attendance=9
    )
    page = commissioner_client.get(reverse("admin:consultations_consultation_change", args=[closed.pk]))
    html = page.content.decode()
    assert "Drop-in sessions and group visits" in html
    assert 'name="events-0-place"' in html
    assert "Carers&#x27; group, Ashford" in html
    assert reverse("consultations:report", kwargs={"slug": closed.slug}) in html
    assert reverse("admin:consultations_question_code", args=[closed.questions.get(code="why").pk]) in html
