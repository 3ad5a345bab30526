"""The blank paper self-assessment as a PDF: a real PDF, every question of the web page, large print, and where
to send it from the council's reports."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils.html import escape
from pypdf import PdfReader

from services.guides import paper
from services.guides.paper import paper_sections
from services.guides.paper_pdf import TEXT, paper_self_assessment_pdf

URL = "/carers/assessment/paper/pdf/"


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def pdf_pages() -> list[str]:
    """Each page's text, as copy-and-paste or a screen reader reads it."""
    return [_words(page.extract_text()) for page in PdfReader(io.BytesIO(paper_self_assessment_pdf())).pages]


@pytest.mark.django_db
def test_the_paper_page_offers_the_pdf_and_it_downloads(client: Client) -> None:
    assert f'href="{URL}"' in client.get("/carers/assessment/paper/").content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="carers-self-assessment-paper.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert response.content.startswith(b"%PDF-")
    assert reader.metadata is not None
    assert reader.metadata.title == "Carer's self-assessment on paper"
    assert len(reader.pages) > len(paper_sections())  # a front page, a page or more a section, the consent page


@pytest.mark.django_db
def test_it_asks_every_question_of_the_web_page_each_on_one_page(client: Client, pdf_pages: list[str]) -> None:
    html = client.get("/carers/assessment/paper/").content.decode()
    questions = [q for section in paper_sections() for q in section.questions]
    assert len(questions) > 40
    for q in questions:
        assert escape(q.label) in html  # the page and the PDF come from the same list
        on = [i for i, text in enumerate(pdf_pages) if f"{q.number}. {_words(q.label)}" in text]
        assert len(on) == 1, q.label
        page = pdf_pages[on[0]]
        assert f"For staff: {q.reference}" in page  # not split across pages
        assert _words(q.help_text) in page
        for choice in q.choices:
            assert _words(choice) in page, (q.label, choice)
    for section in paper_sections():
        assert any(text.startswith(section.title) for text in pdf_pages), section.title  # each on a new page


def test_every_piece_of_text_is_large_print() -> None:
    sizes = []
    for page in PdfReader(io.BytesIO(paper_self_assessment_pdf())).pages:
        contents = page.get_contents()
        assert contents is not None
        sizes += [float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", contents.get_data())]
    assert sizes
    assert min(sizes) == TEXT == 16
    assert max(sizes) >= 22  # headings larger


def test_it_says_where_to_send_it_from_the_reports_with_sources(pdf_pages: list[str]) -> None:
    front = pdf_pages[0]
    assert "Where to send it" in front
    for fact in (paper.PHONE, paper.TEXT_RELAY, paper.OUT_OF_HOURS, paper.EMAIL, paper.PHONE_HOURS):
        assert fact in front, fact
    assert "ask for the address to send it to" in front  # no postal address is made up
    for source in paper.CONTACT_SOURCES:
        assert _words(source) in front
    assert "I agree to share my answers with my local carers' organisation" in pdf_pages[-1]
