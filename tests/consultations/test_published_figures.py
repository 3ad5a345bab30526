"""Consultation demo true to the reports (issue 24.5): every figure the council's reports publish appears exactly
on the results page and in the drafted report; what they did not publish is marked "illustrative"."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from consultations.demo import CARERS_STRATEGY_SLUG, WELLBEING_SLUG, demo_seed
from consultations.models import Consultation
from consultations.report import Report, consultation_report
from consultations.selectors.results import ILLUSTRATIVE

SEEDS = next(p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir())
TAGS = re.compile(r"<[^>]+>")

# (seed file, the report's sentence, the figures in it that must appear as published)
PUBLISHED = [
    (
        "000",
        WELLBEING_SLUG,
        "Of 1,217 consultees expressing a view on the proposals for Wellbeing Services in the Community, 17% agreed, "
        "77% disagreed, 8% neither agreed nor disagreed, and 6% said they didn't know. Strength of disagreement was "
        "high, with 65% of those expressing a view strongly disagreeing. There were slightly higher levels of "
        "agreement among Kent residents (36%) and those responding on behalf of VCSE organisations (22%).",
        ["1,217", "17% agreed", "77% disagreed", "8% neither", "6% said they didn't know", "65%", "(36%)", "(22%)"],
    ),
    (
        "000",
        WELLBEING_SLUG,
        "Of 1,253 consultees expressing a view on the proposals for the Community Navigation Service, 4% agreed, 92% "
        "disagreed, 2% neither agreed nor disagreed, and 3% said they didn't know. Strength of disagreement was high, "
        "with 84% of those expressing a view strongly disagreeing. There were slightly higher levels of agreement "
        "among Kent residents (10%).",
        ["1,253", "4% agreed", "92% disagreed", "2% neither", "3% said they didn't know", "84%", "(10%)"],
    ),
    (
        "000",
        WELLBEING_SLUG,
        "Of 1,070 consultees expressing a view on the proposals regarding the Mental Health Community and Wellbeing "
        "Service (Live Well Kent), 6% agreed, 80% disagreed, 8% neither agreed nor disagreed, and 6% said they didn't "
        "know. Strength of disagreement was high, with 65% of those expressing a view strongly disagreeing. There were "
        "slightly higher levels of agreement among Kent residents (15%) and partner agencies (17%).",
        ["1,070", "6% agreed", "80% disagreed", "(15%)", "(17%)"],
    ),
    (
        "000",
        WELLBEING_SLUG,
        "81% of consultees said they believed the proposals would have a large effect on them or the individual, group "
        "or community they represent (with 12% saying there would be a moderate effect, 3% a minor effect, and 2% no "
        "effect).",
        ["81%", "12% a moderate effect", "3% a minor effect", "2% no effect"],
    ),
    (
        "004",
        CARERS_STRATEGY_SLUG,
        "78% of survey participants \u2018mostly agreed\u2019 or \u2018strongly agreed\u2019 with the draft vision.",
        ["78%"],
    ),
    ("004", CARERS_STRATEGY_SLUG, "72% thought the wording was easy to understand.", ["72%"]),
    (
        "004",
        CARERS_STRATEGY_SLUG,
        "Regular and reliable support was considered the most important service aspect by 60% of 385 survey "
        "participants.",
        ["60% of 385", "choose up to three"],
    ),
]


def seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def report_text(report: Report) -> str:
    words = []
    for section in report.sections:
        for part in section.parts:
            words += [part.heading, part.text, *part.bullets]
    return "\n".join(words)


def page_text(client: Client, slug: str) -> str:
    response = client.get(f"/consultations/{slug}/results/")
    assert response.status_code == 200
    return html.unescape(TAGS.sub(" ", response.content.decode()))


@pytest.fixture
def seeded(db: Any) -> None:
    demo_seed()


@pytest.mark.parametrize(("seed", "slug", "sentence", "figures"), PUBLISHED)
@pytest.mark.usefixtures("seeded")
def test_every_published_figure_is_on_the_results_page_and_in_the_report(
    client: Client, seed: str, slug: str, sentence: str, figures: list[str]
) -> None:
    assert " ".join(sentence.split()) in " ".join(seed_text(seed).split())  # the list is the reports' own words
    page = " ".join(page_text(client, slug).split())
    report = " ".join(report_text(consultation_report(consultation=Consultation.objects.get(slug=slug))).split())
    for figure in figures:
        if figure == "choose up to three":
            assert figure in page
            assert figure in report
            continue
        assert figure in page, figure
        assert figure in report, figure


@pytest.mark.usefixtures("seeded")
def test_the_108_percent_set_says_why_beside_the_figure(client: Client) -> None:
    page = " ".join(page_text(client, WELLBEING_SLUG).split())
    assert "add up to 108%, which no set of answers can give, so this demonstration records 70% disagreeing" in page


@pytest.mark.usefixtures("seeded")
def test_figures_the_reports_did_not_publish_are_marked_illustrative(client: Client) -> None:
    page = " ".join(page_text(client, WELLBEING_SLUG).split())
    for what in ("how people responded", "this question\u2019s figures"):  # equality figures are for staff
        assert f"Illustrative The council\u2019s report did not publish {what}" in page, what
    assert "did not publish who responded" not in page  # 000 §9.2 publishes who responded
    report = report_text(consultation_report(consultation=Consultation.objects.get(slug=WELLBEING_SLUG)))
    assert "Illustrative: the council's report did not publish responses by channel" in report
    assert "Illustrative: the council's report did not publish these equality figures" in report
    assert "Illustrative: the council's report did not publish answers by respondent type" in report
    carers = " ".join(page_text(client, CARERS_STRATEGY_SLUG).split())
    assert "did not publish the split between strongly and tend to" in carers
    assert "did not publish how people responded" not in carers  # 260 online and 127 by post are published


@pytest.mark.usefixtures("seeded")
def test_the_results_csv_carries_the_published_figures_and_the_illustrative_marks(client: Client) -> None:
    def table(slug: str) -> list[list[str]]:
        response = client.get(f"/consultations/{slug}/results.csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        return list(csv.reader(io.StringIO(body)))

    wellbeing = table(WELLBEING_SLUG)
    notes = [row[1] for row in wellbeing]
    assert any("Published by the council: Of 1,217" in note and "77% disagreed" in note for note in notes)
    find_out = Consultation.objects.get(slug=WELLBEING_SLUG).questions.get(code="find-out").text
    assert [find_out, ILLUSTRATIVE, "", "", "", ""] in wellbeing
    carers = table(CARERS_STRATEGY_SLUG)
    assert any(row[1].endswith("the split between strongly and tend to") for row in carers)
    assert not any(row[1] == ILLUSTRATIVE for row in carers if row[0].startswith("How did you find out"))


@pytest.mark.usefixtures("seeded")
def test_we_did_gives_the_changes_the_strategy_published(client: Client) -> None:
    """004, "Immediate changes made to the draft strategy document": on its page and in the drafted report."""
    published = seed_text("004")
    for change in (
        "over 50 hours a week",
        "Armed Forces Community",
        "trusted points of contact and telling your story once",
    ):
        assert change in published
    carers = Consultation.objects.get(slug=CARERS_STRATEGY_SLUG)
    page = " ".join(html.unescape(TAGS.sub(" ", client.get(carers.get_absolute_url()).content.decode())).split())
    report = report_text(consultation_report(consultation=carers))
    for change in (
        "over 50 hours a week",
        "Armed Forces community",
        "trusted points of contact and telling your story once",
    ):
        assert change in page, change
        assert change in report, change
    assert "What we changed" in [section.title for section in consultation_report(consultation=carers).sections]
