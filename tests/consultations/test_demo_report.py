"""The demo consultations' drafted reports state the published figures, read from the rendered page.

Seed 000 section 9 (Wellbeing Services in the Community, 2024-25) and seed 004 (Kent adult carers
strategy, 2022). Wellbeing's published 17% / 77% / 8% / 6% add up to 108%; the demo keeps 17%, 8%
and 6% and gives the 70% disagreement the arithmetic leaves (its admin page says so).
"""

from __future__ import annotations

import html
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from consultations.demo import CARERS_STRATEGY_SLUG, WELLBEING_SLUG

pytestmark = pytest.mark.usefixtures("demo_consultations")


def report_lines(client: Client, slug: str) -> list[str]:
    page = client.get(reverse("consultations:report", kwargs={"slug": slug}))
    assert page.status_code == 200
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page.content.decode()))
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_wellbeing_report_states_section_9(commissioner_client: Client) -> None:
    lines = report_lines(commissioner_client, WELLBEING_SLUG)
    for expected in [
        "The consultation ran from 26 November 2024 to 27 January 2025. There were 1,376 responses.",  # 8.1, 9.1
        "There were 14 drop-in sessions, attended by 59 people. 0 responses were taken at them.",  # 8.4
        # 9.3: Live Well Kent, Community Navigation, Wellbeing Services in the Community
        "Of 1,070 consultees expressing a view, 6% agreed, 80% disagreed, 8% neither agreed nor disagreed, "
        "and 6% said they didn't know (n = 1,070, N = 1,376).",
        "Of 1,253 consultees expressing a view, 4% agreed, 92% disagreed, 2% neither agreed nor disagreed, "
        "and 3% said they didn't know (n = 1,253, N = 1,376).",
        "Of 1,217 consultees expressing a view, 17% agreed, 70% disagreed, 8% neither agreed nor disagreed, "
        "and 6% said they didn't know (n = 1,217, N = 1,376).",
        "Strength of disagreement: 84% of those expressing a view were strongly disagreeing.",
        # 9.4 and its themes
        "Of 1,297 consultees expressing a view, 81% said “Large effect”, 12% “Moderate effect”, 3% “Minor effect”, "
        "2% “No effect” and 2% “Don't know” (n = 1,297, N = 1,376).",
        "Isolation / feeling alone (18%)",
        # 9.8
        "Benefit or financial services (22% of those responding)",
    ]:
        assert expected in lines, expected
    text = "\n".join(lines)
    assert text.count("Strength of disagreement: 65% of those expressing a view were strongly disagreeing.") == 2
    # 9.2 and the differences by respondent type in 9.3
    assert "79% responded “As a person who uses the services (or on behalf of someone who does)”, 11% responded" in text
    assert "“As a Kent resident” (15%, n = 100) and those responding “As a partner agency" in text
    assert "(17%, n = 24)" in text
    assert "“As a Kent resident” (36%, n = 125)" in text
    assert "(VCSE) organisation” (22%, n = 60)" in text
    assert "Of 1,376 consultees answering, 54% chose “Community Wellbeing" in text  # 9.2's services used
    assert "44% “Community Navigation” and 11% “Mental Health Community and Wellbeing services" in text
    assert "25% chose “I would have no alternative”, 27% “Not sure”, 17% “Social services”, 14% “My GP”" in text  # 9.6


def test_the_carers_strategy_report_states_seed_004(commissioner_client: Client) -> None:
    lines = report_lines(commissioner_client, CARERS_STRATEGY_SLUG)
    text = "\n".join(lines)
    assert "There were 387 responses." in text
    assert "Responses by channel: online 260 (67%) and paper 127 (33%)." in lines
    assert "91% responded “As a Kent resident giving my views as an individual”, 5%" in text
    assert (
        "Of 385 consultees expressing a view, 78% agreed, 10% disagreed, 10% neither agreed nor disagreed, "
        "and 2% said they didn't know (n = 385, N = 387)." in lines
    )
    assert text.count("Of 385 consultees expressing a view, 88% agreed") == 2
    assert "Of 385 consultees expressing a view, 90% agreed" in text
    assert "Of 387 consultees answering, 37% chose “From another organisation”, 24% “An email from Kent" in text
    assert "Of 383 consultees answering, 72% chose “Yes” and 28% “No” (n = 383, N = 387)." in lines
    assert "Of 385 consultees answering, 31% chose “Organisations working together”" in text  # choose up to three
    assert "60% “Regular and reliable support”" in text
    assert "People could choose more than one answer, so percentages add up to more than 100%." in text
    # Equality monitoring as the report gives it
    assert "Of 380 consultees answering, 75% chose “Female”, 23% “Male” and 2% “Prefer not to say”" in text
    assert "Of 342 consultees answering, 24% chose “Yes”, 73% “No” and 3% “Prefer not to say”" in text
    # The same words in the Word document.
    download = commissioner_client.get(reverse("consultations:report_docx", kwargs={"slug": CARERS_STRATEGY_SLUG}))
    paragraphs = [p.text for p in Document(io.BytesIO(download.content)).paragraphs]
    assert "Responses by channel: online 260 (67%) and paper 127 (33%)." in paragraphs
    assert "Of 383 consultees answering, 72% chose “Yes” and 28% “No” (n = 383, N = 387)." in paragraphs
