"""A PDF summary of a submitted self-assessment, built with fpdf2.

Carers write in their own words and languages, so the text is set in Unicode fonts embedded in the PDF
(subset to the characters used): Noto Sans, with Noto's Arabic, Bengali, Devanagari and Gurmukhi fonts
and Symbola (emoji and symbols) as fallbacks for characters Noto Sans lacks. They come from Debian's
fonts-noto-core and fonts-symbola packages, installed by the Dockerfile, .ci/run and make setup
(see docs/configuration.md).
HarfBuzz (uharfbuzz) shapes the text, so Arabic letters join and read right to left.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accounts import eligibility as elig
from accounts import steps
from accounts.models import AssessmentVersion

# (family, style): file under PDF_FONTS_DIR. The first family is the text's; the others are fallbacks.
FONTS: dict[tuple[str, str], str] = {
    ("noto", ""): "noto/NotoSans-Regular.ttf",
    ("noto", "B"): "noto/NotoSans-Bold.ttf",
    ("noto-arabic", ""): "noto/NotoSansArabic-Regular.ttf",
    ("noto-arabic", "B"): "noto/NotoSansArabic-Bold.ttf",
    ("noto-bengali", ""): "noto/NotoSansBengali-Regular.ttf",
    ("noto-devanagari", ""): "noto/NotoSansDevanagari-Regular.ttf",
    ("noto-gurmukhi", ""): "noto/NotoSansGurmukhi-Regular.ttf",
    ("symbola", ""): "ancient-scripts/Symbola_hint.ttf",
}
FALLBACKS = ["noto-arabic", "noto-bengali", "noto-devanagari", "noto-gurmukhi", "symbola"]


def font_paths() -> list[Path]:
    return [Path(settings.PDF_FONTS_DIR) / name for name in FONTS.values()]


def text_pdf() -> FPDF:
    """A PDF for the portal's own English words only (no carer's text): Noto Sans, no fallbacks or shaping."""
    pdf = FPDF(format="A4")
    directory = Path(settings.PDF_FONTS_DIR)
    for style in ("", "B"):
        pdf.add_font("noto", style, directory / FONTS[("noto", style)])
    return pdf


def unicode_pdf() -> FPDF:
    pdf = FPDF(format="A4")
    directory = Path(settings.PDF_FONTS_DIR)
    for (family, style), name in FONTS.items():
        pdf.add_font(family, style, directory / name)
    # A bold fallback is used where the font has one, the regular otherwise.
    pdf.set_fallback_fonts(FALLBACKS, exact_match=False)
    pdf.set_text_shaping(True)
    return pdf


def assessment_version_pdf(*, version: AssessmentVersion, compress: bool = True) -> bytes:
    """The result, its reasons and every answer of one submitted version, on A4."""
    pdf = unicode_pdf()
    pdf.set_compression(compress)
    pdf.set_title("Your carer's self-assessment")
    pdf.set_author("Kent County Council")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def line(text: str, *, size: int = 11, bold: bool = False, gap: float = 1.5) -> None:
        pdf.set_font("noto", "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
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
