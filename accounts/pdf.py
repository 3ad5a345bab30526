"""A PDF summary of a submitted self-assessment, built with fpdf2 (pure Python, no system libraries)."""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accounts import eligibility as elig
from accounts import steps
from accounts.models import AssessmentVersion

# The PDF core fonts cover Latin-1 only: swap typographic characters for plain ones.
_PLAIN = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)


def _plain(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", errors="replace").decode("latin-1")


def assessment_version_pdf(*, version: AssessmentVersion, compress: bool = True) -> bytes:
    """The result, its reasons and every answer of one submitted version, on A4."""
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title("Your carer's self-assessment")
    pdf.set_author("Kent County Council")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def line(text: str, *, size: int = 11, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, _plain(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    line("Kent Carers and Wellbeing Portal", size=10)
    line("Your carer's self-assessment", size=20, bold=True, gap=2)
    line(f"Version {version.number}, submitted {version.submitted_at:%d %B %Y}", size=10, gap=4)
    line(elig.INDICATION_LABELS.get(elig.Indication(version.indication), ""), size=14, bold=True)
    line(
        "This is a guide, not a decision. Only a carer's assessment with your local carers' organisation "
        "can decide whether you are eligible for support. You have the right to ask for one.",
        gap=3,
    )
    line("Why we think this", size=13, bold=True)
    for reason in version.reasons:
        line(f"- {reason}")
    pdf.ln(3)
    for step in steps.STEPS:
        line(step.title, size=13, bold=True)
        for row in steps.step_summary(step, version.answers.get(step.slug, {})):
            line(row.question, bold=True, gap=0.5)
            line(row.answer.replace("\n", "; "), gap=2)
        pdf.ln(2)
    line(
        "If you need help urgently, phone Kent adult social care on 03000 41 61 61 (text relay 18001 03000 41 61 61), "
        "or 03000 41 91 91 out of hours. In an emergency, call 999.",
        size=10,
    )
    return bytes(pdf.output())
