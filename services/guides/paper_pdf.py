"""The blank paper self-assessment as a large-print PDF, built with fpdf2 from the same questions as its web page.

Both come from `paper_sections()` (the online self-assessment's own forms), so the PDF never asks anything the page
and the online form do not. Text is 16pt or more (headings larger), each section starts a new page and no question
is split across pages. Where to send it: `services.guides.paper`, from the council's reports (sources printed).
"""

from __future__ import annotations

from functools import lru_cache

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from accounts.pdf import text_pdf
from services.guides import paper
from services.guides.paper import PaperQuestion

TEXT = 16  # pt: large print, the smallest text on the form
QUESTION = 18
SECTION = 22
TITLE = 26
BOX = 7.0  # mm: a tick box
RULE_GAP = 12.0  # mm between writing lines
RULES = {"line": 1, "lines": 5}
TICK_WORDS = {"one": "Tick one", "many": "Tick all that apply"}


def _keep(number: str) -> str:
    """A phone number that never breaks across lines."""
    return number.replace(" ", "\u00a0")


def _line_count(pdf: FPDF, width: float, height: float, text: str) -> int:
    """How many lines `text` takes in the current font, without writing it."""
    lines = pdf.multi_cell(width, height, text, align="L", dry_run=True, output=MethodReturnValue.LINES)
    return len(lines) if isinstance(lines, list) else 1


def _text(pdf: FPDF, text: str, *, size: int = TEXT, bold: bool = False, gap: float = 2.0, dry: bool = False) -> float:
    """Write `text` (or, `dry`, only measure it); returns the height it takes, in mm."""
    pdf.set_font("noto", "B" if bold else "", size)
    if dry:
        return _line_count(pdf, 0, size * 0.5, text) * size * 0.5 + gap
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(gap)
    return 0.0


def _heading(pdf: FPDF, text: str, *, size: int, level: int) -> None:
    pdf.start_section(text, level=level)
    _text(pdf, text, size=size, bold=True, gap=3)


def _tick_box(pdf: FPDF, label: str, *, dry: bool = False) -> float:
    """A box to tick, with its words beside it (the words wrap under themselves, not under the box)."""
    pdf.set_font("noto", "", TEXT)
    width = pdf.epw - BOX - 4
    if dry:
        return _line_count(pdf, width, TEXT * 0.5, label) * TEXT * 0.5 + 2.5
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_line_width(0.4)
    pdf.rect(x, y + 0.8, BOX, BOX)
    pdf.set_x(x + BOX + 4)
    pdf.multi_cell(width, TEXT * 0.5, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2.5)
    return 0.0


def _writing_space(pdf: FPDF, lines: int, *, dry: bool = False) -> float:
    if dry:
        return lines * RULE_GAP + 4
    pdf.set_line_width(0.3)
    for _ in range(lines):
        pdf.ln(RULE_GAP)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(4)
    return 0.0


def _question(pdf: FPDF, q: PaperQuestion, *, dry: bool = False) -> float:
    """Write one question with its tick boxes or lines (or, `dry`, only measure it); returns its height."""
    height = _text(pdf, f"{q.number}. {q.label}", size=QUESTION, bold=True, gap=1, dry=dry)
    if q.help_text:
        height += _text(pdf, q.help_text, gap=1.5, dry=dry)
    if q.answer in TICK_WORDS:
        height += _text(pdf, TICK_WORDS[q.answer], bold=True, gap=1.5, dry=dry)
        height += sum(_tick_box(pdf, choice, dry=dry) for choice in q.choices)
    else:
        height += _writing_space(pdf, RULES[q.answer], dry=dry)
    return height + _text(pdf, f"For staff: {q.reference}", gap=6, dry=dry)


def _question_on_one_page(pdf: FPDF, q: PaperQuestion) -> None:
    """Start a new page first if the question would not fit on this one."""
    if pdf.get_y() + _question(pdf, q, dry=True) > pdf.page_break_trigger:
        pdf.add_page()
    _question(pdf, q)


def _front_page(pdf: FPDF) -> None:
    _text(pdf, "Kent County Council", gap=2)
    _text(pdf, "Carer's self-assessment on paper", size=TITLE, bold=True, gap=4)
    _text(
        pdf,
        "Fill this in by hand and send it back. It asks the same questions as the online self-assessment.",
        gap=5,
    )
    _heading(pdf, "Where to send it", size=SECTION, level=0)
    phone, relay, out_of_hours = _keep(paper.PHONE), _keep(paper.TEXT_RELAY), _keep(paper.OUT_OF_HOURS)
    _text(
        pdf,
        f"Phone Kent adult social care on {phone} ({paper.PHONE_HOURS}) and ask for the address to send it to, or "
        f"email {paper.EMAIL}. Text relay: {relay}.",
    )
    _text(pdf, "You can also give it to your local carers' organisation.")
    _text(pdf, f"If you would rather answer the questions over the phone, phone {phone}.")
    _text(
        pdf,
        f"This is not an emergency service. If caring has reached a crisis, phone {phone} now (out of hours "
        f"{out_of_hours}). If someone is in immediate danger, call 999.",
        gap=5,
    )
    _heading(pdf, "How to fill it in", size=SECTION, level=0)
    for line in (
        "Tick one box where it says “Tick one”.",
        "Tick every box that fits where it says “Tick all that apply”.",
        "Write on the lines below a question. Leave out anything you do not want to answer.",
    ):
        _text(pdf, f"•  {line}", gap=1.5)
    pdf.ln(4)
    _text(pdf, "Where these contact details come from:", bold=True, gap=1)
    for source in paper.CONTACT_SOURCES:
        _text(pdf, source, gap=1)


@lru_cache(maxsize=1)
def paper_self_assessment_pdf() -> bytes:
    """The blank form on A4: where to send it, every question with tick boxes or lines, and the consent box.

    The same for everyone and changed only by a release (the questions are code), so it is made once a process.
    """
    pdf = text_pdf()
    pdf.set_title("Carer's self-assessment on paper")
    pdf.set_author("Kent County Council")
    pdf.set_lang("en-GB")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    _front_page(pdf)
    for section in paper.paper_sections():
        pdf.add_page()
        _heading(pdf, section.title, size=SECTION, level=0)
        for question in section.questions:
            _question_on_one_page(pdf, question)
    pdf.add_page()
    _heading(pdf, "Sharing your answers", size=SECTION, level=0)
    _text(
        pdf,
        "We use your answers to arrange a carer's assessment with your local carers' organisation, and share them "
        "with that organisation only.",
    )
    _tick_box(pdf, "I agree to share my answers with my local carers' organisation")
    pdf.ln(8)
    _text(pdf, "Signed: ____________________________", gap=8)
    _text(pdf, "Date: ______________")
    return bytes(pdf.output())
