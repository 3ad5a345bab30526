"""Consultation demo true to the reports (issue 24, items 5 and 6): every consultation figure the council's reports
publish appears exactly on the results page and in the drafted report, and every figure they do not publish is
marked "illustrative". The figures are listed by hand below, each with where in the seed reports it comes from."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from consultations.demo import CARERS_STRATEGY_SLUG, WELLBEING_SLUG
from consultations.models import Consultation, Question
from consultations.report import Report, consultation_report
from consultations.selectors.results import ILLUSTRATIVE
from services.models import EligibilityChange
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.usefixtures("demo_consultations")

SEEDS = next(p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir())
TAGS = re.compile(r"<[^>]+>")
WB, CS = WELLBEING_SLUG, CARERS_STRATEGY_SLUG
# How far apart, in characters of the page's or report's text, a figure may be from what it is about.
NEAR = 160

# (seed and where in it, consultation, the seed's own words, what the figure is about, the figure).
# The seed's words contain the figure; the page and the report must show the figure beside what it is about.
FIGURES: list[tuple[str, str, str, str, str]] = [
    # Seed 000, the decision report of September 2025, section 8: how the council consulted
    ("000 §8.1", WB, "from 26 November 2024 to 27 January 2025", "ran from", "26 November 2024 to 27 January 2025"),
    ("000 §8.1", WB, "with hard copies and support available", "Let's talk Kent", "hard copies"),
    ("000 §8.2", WB, "Easy read versions of the consultation document and questionnaire", "Easy read", "questionnaire"),
    ("000 §8.2", WB, "British Sign Language translation of the webpage", "British Sign Language", "webpage"),
    ("000 §8.4", WB, "There were 14 face-to-face drop-in sessions", "face-to-face drop-in sessions", "14"),
    ("000 §8.4", WB, "added in January 2025 in Deal", "January 2025", "Deal"),
    ("000 §8.4", WB, "The face-to-face drop-in sessions engaged with 59 people", "engaged with", "59 people"),
    ("000 §8.4", WB, "officers attended 9 groups and activities", "groups and activities", "9"),
    (
        "000 §8.5",
        WB,
        "a meeting (21 October 2024) was held with the Adult Social Care People's Panel",
        "People's Panel",
        "21 October 2024",
    ),
    ("000 §8.5", WB, "People's Panel post consultation (6 February 2025)", "People's Panel", "6 February 2025"),
    ("000 §8.6", WB, "promoted to 3,063 people/organisations", "Adult Social Care networks", "3,063"),
    ("000 §8.6", WB, "'public health and wellbeing' (7,155 people)", "Let's talk Kent", "7,155"),
    ("000 §8.7", WB, "A promotional banner on the kent.gov.uk homepage", "banner", "kent.gov.uk homepage"),
    # Seed 000 section 9: the responses
    ("000 §9.1", WB, "There were 1,376 responses", "responses", "1,376"),
    ("000 §9.2", WB, "79% of consultees responded as people supported", "As a person who uses the services", "79%"),
    ("000 §9.2", WB, "11% as Kent residents who do not use wellbeing services", "As a Kent resident", "11%"),
    ("000 §9.2", WB, "2% of respondents were partner agencies", "As a partner agency", "2%"),
    ("000 §9.2", WB, "5% of responses were submitted on behalf of VCSE organisations", "(VCSE) organisation", "5%"),
    ("000 §9.2", WB, "54% of consultees said they", "access Community Wellbeing", "54%"),
    ("000 §9.2", WB, "44% Community Navigation", "Community Navigation", "44%"),
    (
        "000 §9.2",
        WB,
        "11% Mental Health Community and Wellbeing services",
        "Mental Health Community and Wellbeing",
        "11%",
    ),
    (
        "000 §9.3",
        WB,
        "Wellbeing Service (Live Well Kent), 6% agreed",
        "Of 1,070 consultees expressing a view",
        "6% agreed",
    ),
    ("000 §9.3", WB, "6% agreed, 80% disagreed", "Of 1,070 consultees expressing a view", "80% disagreed"),
    ("000 §9.3", WB, "8% neither agreed nor disagreed", "Of 1,070 consultees expressing a view", "8% neither"),
    ("000 §9.3", WB, "Strength of disagreement was high, with 65%", "Of 1,070 consultees", "65%"),
    ("000 §9.3", WB, "among Kent residents (15%) and partner agencies (17%)", "Kent residents", "(15%)"),
    ("000 §9.3", WB, "among Kent residents (15%) and partner agencies (17%)", "partner agencies", "(17%)"),
    ("000 §9.3", WB, "Community Navigation Service, 4% agreed", "Of 1,253 consultees expressing a view", "4% agreed"),
    ("000 §9.3", WB, "4% agreed, 92% disagreed", "Of 1,253 consultees expressing a view", "92% disagreed"),
    ("000 §9.3", WB, "2% neither agreed nor disagreed, and 3% said they didn't know", "Of 1,253", "3% said"),
    ("000 §9.3", WB, "with 84% of those expressing a view strongly disagreeing", "Of 1,253", "84%"),
    ("000 §9.3", WB, "slightly higher levels of agreement among Kent residents (10%)", "Kent residents", "(10%)"),
    (
        "000 §9.3",
        WB,
        "Wellbeing Services in the Community, 17% agreed",
        "Of 1,217 consultees expressing a view",
        "17% agreed",
    ),
    ("000 §9.3", WB, "17% agreed, 77% disagreed", "Of 1,217 consultees expressing a view", "77% disagreed"),
    ("000 §9.3", WB, "8% neither agreed nor disagreed, and 6% said they didn't know", "Of 1,217", "6% said"),
    (
        "000 §9.3",
        WB,
        "Kent residents (36%) and those responding on behalf of VCSE organisations (22%)",
        "Kent residents",
        "(36%)",
    ),
    (
        "000 §9.3",
        WB,
        "Kent residents (36%) and those responding on behalf of VCSE organisations (22%)",
        "VCSE organisations",
        "(22%)",
    ),
    (
        "000 §9.4",
        WB,
        "81% of consultees said they believed the proposals would have a large effect",
        "large effect",
        "81%",
    ),
    ("000 §9.4", WB, "with 12% saying there would be a moderate effect", "moderate effect", "12%"),
    ("000 §9.4", WB, "3% a minor effect", "minor effect", "3%"),
    ("000 §9.4", WB, "and 2% no effect", "no effect", "2%"),
    ("000 §9.4", WB, "wellbeing of people / users (21% of those responding)", "Short-sighted", "21%"),
    ("000 §9.4", WB, "isolation / feeling alone (18%)", "Isolation / feeling alone", "18%"),
    ("000 §9.4", WB, "having contact with others should not be underestimated (17%)", "Socialising", "17%"),
    ("000 §9.4", WB, "fewer people receiving the support they need (15%)", "Fewer services", "15%"),
    ("000 §9.4", WB, "if the services were unavailable (14%)", "A lifeline", "14%"),
    ("000 §9.4", WB, "would add strain to other services (13%)", "Preventive services", "13%"),
    ("000 §9.4", WB, "including housing benefit (12%)", "housing benefit", "12%"),
    (
        "000 §9.5",
        WB,
        "17% of consultees responding to this question raised points about Community Navigation",
        "backbone",
        "17%",
    ),
    (
        "000 §9.6",
        WB,
        "25% of consultees providing a response said they would have no alternative",
        "no alternative",
        "25%",
    ),
    ("000 §9.6", WB, "27% said they were not sure", "Not sure", "27%"),
    ("000 §9.6", WB, "17% mentioned social services", "Social services", "17%"),
    ("000 §9.6", WB, "14% mentioned their GP", "My GP", "14%"),
    ("000 §9.7", WB, "(8% of those answering the question) suggested KCC could cut waste", "Cut waste", "8%"),
    ("000 §9.7", WB, "Some consultees (4%) said that KCC should make sure people know", "know what is available", "4%"),
    ("000 §9.7", WB, "enhanced collaboration and community partnerships (3%)", "ollaboration and community", "3%"),
    ("000 §9.7", WB, "greater support to charities, churches and volunteers (2%)", "charities, churches", "2%"),
    ("000 §9.7", WB, "supporting local initiatives (1%)", "local initiatives", "1%"),
    ("000 §9.7", WB, "charging or means testing (1%)", "means testing", "1%"),
    ("000 §9.7", WB, "asking Central Government for funding (1%)", "Government for funding", "1%"),
    ("000 §9.7", WB, "leveraging digital solutions (1%)", "igital solutions", "1%"),
    ("000 §9.8", WB, "benefit / financial services (22%)", "Benefit", "22%"),
    ("000 §9.8", WB, "Community Navigation (22%)", "Community Navigation", "22%"),
    ("000 §9.8", WB, "exercise / sports groups / classes (17%)", "xercise", "17%"),
    ("000 §9.8", WB, "Age UK services (12%)", "Age UK services", "12%"),
    ("000 §9.8", WB, "Wellbeing services (11%)", "Wellbeing services", "11%"),
    ("000 §9.8", WB, "Connect Well services (11%)", "Connect Well services", "11%"),
    # Seed 004, the carers strategy's consultation summary (March 2022): how the council consulted
    ("004 summary", CS, "from 12 January 2022 to 22 February 2022", "ran from", "12 January"),
    (
        "004 summary",
        CS,
        "a total of 387 responses, made up of 260 online responses and 127 postal responses",
        "387 responses",
        "260 online",
    ),
    ("004 summary", CS, "made up of 260 online responses and 127 postal responses", "260 online", "127"),
    (
        "004 Making information accessible",
        CS,
        "easy read version was created for the strategy consultation portal",
        "easy read version",
        "consultation portal",
    ),
    (
        "004 Making information accessible",
        CS,
        "A British Sign Language video version of the draft strategy",
        "British Sign Language video",
        "draft strategy",
    ),
    ("004 workshops", CS, "Thursday 25 November\tProviders", "25 November 2021", "Providers"),
    ("004 workshops", CS, "Monday 29 November\tCarers", "29 November 2021", "Carers"),
    (
        "004 workshops",
        CS,
        "Tuesday 14 December\tKent County Council Elected Members",
        "14 December 2021",
        "Elected Members",
    ),
    ("004 workshops", CS, "43 people attended the carers workshops", "attended the carers workshops", "43"),
    ("004 workshops", CS, "8 carers responded in writing", "carers responded in writing", "8"),
    ("004 workshops", CS, "11 provider representatives attended", "provider representatives", "11"),
    ("004 Our approach", CS, "workshops with our People's Panel", "People's Panel", "workshops"),
    (
        "004 Promoting the consultation",
        CS,
        "three organisations took up the offer of a virtual consultation workshop",
        "virtual consultation workshop",
        "three organisations",
    ),
    (
        "004 Promoting the consultation",
        CS,
        "carers coffee mornings were attended in person and online",
        "coffee mornings",
        "in person and online",
    ),
    ("004 Promoting the consultation", CS, "including 1000+ contacts from health organisations", "contacts", "1000+"),
    ("004 Promoting the consultation", CS, "(4000+ direct contacts in total)", "direct contacts", "4000+"),
    ("004 Promoting the consultation", CS, "coverage obtained on Meridian Tonight (ITV)", "Meridian Tonight", "ITV"),
    # Seed 004: the Carers Consultation Survey Results Summary
    ("004 results summary", CS, "91% 'responded' as Kent residents", "As a Kent resident giving my views", "91%"),
    ("004 results summary", CS, "5% 'responded' as charity organisations", "charity organisation", "5%"),
    ("004 results summary", CS, "2% 'responded' as KCC employees", "Kent County Council employee", "2%"),
    ("004 results summary", CS, "1% 'responded' as residents of somewhere else", "somewhere else", "1%"),
    (
        "004 results summary",
        CS,
        "37% of respondents heard about the consultation 'from another organisation'",
        "From another organisation",
        "37%",
    ),
    ("004 results summary", CS, "24% from an email from KCC", "An email from Kent County Council", "24%"),
    ("004 results summary", CS, "and 18% via Facebook", "Facebook", "18%"),
    (
        "004 results summary",
        CS,
        "'mostly agreed' or 'strongly agreed' with the draft vision (300/385)",
        "draft vision",
        "(300/385)",
    ),
    ("004 results summary", CS, "78% of survey participants", "draft vision", "78%"),
    ("004 results summary", CS, "6% of survey participants 'mostly disagreed'", "'mostly disagreed'", "6%"),
    ("004 results summary", CS, "4% of survey participants **'strongly disagreed'**", "'strongly disagreed'", "4%"),
    ("004 results summary", CS, "72% thought the wording was easy to understand (275/383)", "wording", "72%"),
    ("004 results summary", CS, "72% thought it was easy to understand the diagrams and pictures", "diagrams", "72%"),
    ("004 results summary", CS, "88% agreed the 'Supporting you to be you' list", "Supporting you to be you", "88%"),
    (
        "004 results summary",
        CS,
        "88% agreed the 'Providing the best support possible' list",
        "Providing the best support possible",
        "88%",
    ),
    ("004 results summary", CS, "90% agreed the 'Positive outcomes' list", "Positive outcomes", "90%"),
    (
        "004 results summary",
        CS,
        "Regular and reliable support mentioned by 60% of 385 survey respondents",
        "Regular and reliable support",
        "60%",
    ),
    ("004 results summary", CS, "by choosing up to three from the list below", "choosing up to three", "list"),
    ("004 results summary", CS, "75% Female", "Female", "75%"),
    ("004 results summary", CS, "23% Male", "Male", "23%"),
    ("004 results summary", CS, "87% responded as carers", "responded as carers", "87%"),
    ("004 results summary", CS, "12% were not carers", "not carers", "12%"),
    ("004 results summary", CS, "87% were aged 50+", "aged 50+", "87%"),
    ("004 results summary", CS, "51% were aged 65+", "aged 65+", "51%"),
    ("004 results summary", CS, "11% were aged under 50", "aged under 50", "11%"),
    ("004 results summary", CS, "58% were religious", "religious", "58%"),
    ("004 results summary", CS, "(99% were Christian)", "Christian", "99%"),
    ("004 results summary", CS, "96% were White", "White", "96%"),
    ("004 results summary", CS, "2% were Black or Asian", "Black or Asian", "2%"),
    (
        "004 results summary",
        CS,
        "83 (24%) participants considered themselves disabled",
        "considered themselves disabled",
        "24%",
    ),
    ("004 results summary", CS, "342 participants answered this question", "disabled", "342"),
    ("004 results summary", CS, "physical impairment (37 respondents)", "hysical impairment", "37"),
    ("004 results summary", CS, "long standing illness (32)", "ong standing illness", "32"),
    ("004 results summary", CS, "sensory impairment (15)", "ensory impairment", "15"),
    ("004 results summary", CS, "mental health condition (19)", "ental health condition", "19"),
    ("004 results summary", CS, "learning disability (3)", "earning disability", "3"),
    # Seed 004: the district table, every row
    ("004 Survey participant map and profiles", CS, "Ashford\t10", "Ashford", "10"),
    ("004 Survey participant map and profiles", CS, "Canterbury\t39", "Canterbury", "39"),
    ("004 Survey participant map and profiles", CS, "Dartford\t10", "Dartford", "10"),
    ("004 Survey participant map and profiles", CS, "Dover\t21", "Dover", "21"),
    ("004 Survey participant map and profiles", CS, "Folkestone and Hythe\t36", "Folkestone and Hythe", "36"),
    ("004 Survey participant map and profiles", CS, "Gravesham\t25", "Gravesham", "25"),
    ("004 Survey participant map and profiles", CS, "Maidstone\t69", "Maidstone", "69"),
    ("004 Survey participant map and profiles", CS, "Medway\t12", "Medway", "12"),
    ("004 Survey participant map and profiles", CS, "Sevenoaks\t25", "Sevenoaks", "25"),
    ("004 Survey participant map and profiles", CS, "Swale\t30", "Swale", "30"),
    ("004 Survey participant map and profiles", CS, "Thanet\t27", "Thanet", "27"),
    ("004 Survey participant map and profiles", CS, "Tonbridge and Malling\t28", "Tonbridge and Malling", "28"),
    ("004 Survey participant map and profiles", CS, "Tunbridge Wells\t25", "Tunbridge Wells", "25"),
    ("004 Survey participant map and profiles", CS, "Total\t357", "Total", "357"),
    ("004 Survey participant map and profiles", CS, "29 postcodes weren't complete", "postcodes", "29"),
    # Seed 004: the theme tables (the rest of their rows are checked against the seed's tables below)
    (
        "004 Supporting you to be you: Feedback comments",
        CS,
        'Respite / breaks for carers are important / "Time to do my own thing"\t8\t9',
        "Time to do my own thing",
        "8 9",
    ),
    (
        "004 … from participants that consider themselves disabled",
        CS,
        'Respite / breaks for carers are important / "Time to do my own thing"\t28\t28',
        "Time to do my own thing",
        "28 28",
    ),
    (
        "004 Providing the best support possible: Feedback comments",
        CS,
        "Crisis support is important / There to help in a crisis most important\t27\t52",
        "Crisis support is important",
        "27 52",
    ),
    (
        "004 Providing the best support possible: Feedback comments",
        CS,
        "Respect and trust in most important\t3\t3",
        "Respect and trust in most important",
        "3 3",
    ),
    ("004 Providing the best support possible: Feedback comments", CS, "Other\t32\t32", "Other", "32 32"),
    (
        "004 Positive Outcomes: Feedback comments",
        CS,
        "★ Tell story once. Greater continuity of social workers is important\t15\t33",
        "Tell story once",
        "15 33",
    ),
    (
        "004 Positive Outcomes: Feedback comments",
        CS,
        "★ Regular and reliable help is important\t12\t27",
        "Regular and reliable help is important",
        "12 27",
    ),
    (
        "004 Positive Outcomes: Feedback comments",
        CS,
        "★ Organisations working together is important\t17\t20",
        "Organisations working together is important",
        "17 20",
    ),
    (
        "004 Positive Outcomes: Feedback comments",
        CS,
        "Funding concerns / Pay staff more\t12\t21",
        "Funding concerns / Pay staff more",
        "12 21",
    ),
]

# Questions whose every figure the reports publish (the rest must carry "illustrative"), by hand from the seeds.
PUBLISHED_IN_FULL = {
    WB: {"services-used", "services-in-own-words", "proposals-why", "effect-how", "suggestions"},  # 000 §9.2-9.8
    CS: {"eq-sex", "eq-disabled", "eq-impairment"},  # 004 results summary
}
# Parts of the results the reports do not publish at all, and how the drafted report names them.
NOT_PUBLISHED = {
    WB: ["responses by channel", "answers by respondent type", "these equality figures", "each session's date"],
    CS: ["the split between strongly and tend to"],
}


def seed_text(number: str) -> str:
    (path,) = SEEDS.glob(f"{number}_*.txt")
    return path.read_text(encoding="utf-8")


def flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def report_text(report: Report) -> str:
    words = []
    for section in report.sections:
        words.append(section.title)
        for part in section.parts:
            words += [part.heading, part.text, *part.bullets]
            if part.table is not None:
                words += [part.table.caption, " ".join(part.table.header)]
                words += [" ".join(row) for row in part.table.rows]
    return flat("\n".join(words))


def page_text(client: Client, slug: str) -> str:
    response = client.get(f"/consultations/{slug}/results/")
    assert response.status_code == 200
    return flat(html.unescape(TAGS.sub(" ", response.content.decode())))


def near(text: str, about: str, figure: str) -> bool:
    """`figure`, standing on its own, within NEAR characters either side of some mention of `about`."""
    alone = re.compile(rf"(?<!\w)(?<!\d[,.]){re.escape(figure)}(?!\w|[,.]\d)")
    for found in re.finditer(re.escape(about), text):
        window = text[max(0, found.start() - NEAR) : found.end() + NEAR]
        if alone.search(window):
            return True
    return False


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {number: flat(seed_text(number)) for number in ("000", "004")}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, str]]:
    """Each consultation's results page and drafted report as text, made by the first test that needs them: the
    demo consultations are seeded once for this module and each test's changes roll back, so they are the same for
    every figure."""
    return {}


@pytest.mark.parametrize(("where", "slug", "words", "about", "figure"), FIGURES)
def test_every_published_figure_is_on_the_results_page_and_in_the_report(
    commissioner_client: Client,
    seeds: dict[str, str],
    rendered: dict[str, tuple[str, str]],
    where: str,
    slug: str,
    words: str,
    about: str,
    figure: str,
) -> None:
    seed = flat(words)
    assert seed in seeds[where[:3]], f"not the seed's own words: {words}"
    assert flat(figure) in seed, f"not the seed's figure: {figure}"
    if slug not in rendered:
        rendered[slug] = (
            page_text(commissioner_client, slug),  # commissioners see the equality figures too
            report_text(consultation_report(consultation=Consultation.objects.get(slug=slug))),
        )
    page, report = rendered[slug]
    about, figure = flat(about), flat(figure)
    assert near(page, about, figure), f"results page: {figure} by {about} ({where})"
    assert near(report, about, figure), f"drafted report: {figure} by {about} ({where})"


def test_every_row_of_the_published_tables_is_reproduced(commissioner_client: Client) -> None:
    """The seed's theme and district tables, row by row, on the page and in the report, with their source."""
    lines = seed_text("004").splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(("Description of comment\t", "District\t"))]
    page = page_text(commissioner_client, CS)
    report = report_text(consultation_report(consultation=Consultation.objects.get(slug=CS)))
    assert len(starts) == 5
    for start in starts:
        rows = []
        for line in lines[start + 1 :]:
            if "\t" not in line:
                break
            rows.append(flat(" ".join(cell for cell in line.split("\t") if cell.strip())))
        assert rows
        for row in rows:
            assert row in page, row
            assert row in report, row
    for text in (page, report):
        assert text.count("Source: Kent adult carers strategy consultation summary, March 2022: Carers") >= 5


def _question_section(page_html: str, question: Question) -> str:
    marker = f'id="question-{question.pk}"'
    return next(chunk for chunk in page_html.split('<section class="kcc-result"') if marker in chunk)


def _report_parts(report: Report, question: Question) -> str:
    """The report's paragraphs from a question's heading to the next heading."""
    parts = next(
        section.parts for section in report.sections if any(part.heading == question.text for part in section.parts)
    )
    start = next(i for i, part in enumerate(parts) if part.heading == question.text)
    end = next((i for i in range(start + 1, len(parts)) if parts[i].heading), len(parts))
    return " ".join(part.text for part in parts[start:end])


@pytest.mark.parametrize("slug", [WB, CS])
def test_every_figure_the_reports_did_not_publish_is_marked_illustrative(
    commissioner_client: Client, slug: str
) -> None:
    consultation = Consultation.objects.get(slug=slug)
    page_html = html.unescape(commissioner_client.get(f"/consultations/{slug}/results/").content.decode())
    report = consultation_report(consultation=consultation)
    checked = 0
    for question in consultation.questions.exclude(code__in=["capacity", "postcode"]):
        if not question.answer_set.exists() and not question.equalityanswer_set.exists():
            continue  # not asked: left out of the report
        if question.section.is_equality and "equality" in consultation.illustrative:
            continue  # every equality figure made up: marked once for them all (checked below)
        if question.code in PUBLISHED_IN_FULL[slug]:
            assert not question.illustrative, question.code
            continue
        checked += 1
        assert "did not publish this question" in _question_section(page_html, question), question.code
        assert "Illustrative: the council's report did not publish this question" in _report_parts(report, question)
    assert checked >= 6
    text = report_text(report)
    for part in NOT_PUBLISHED[slug]:
        assert f"Illustrative: the council's report did not publish {part}" in text, part


def test_questions_that_were_not_asked_are_left_out(commissioner_client: Client) -> None:
    """The standard equality questions the wellbeing consultation did not ask (religion, carer) are not listed as
    unanswered, on the published results page or in the drafted report."""
    consultation = Consultation.objects.get(slug=WB)
    unasked = consultation.questions.get(code="eq-religion")
    assert not unasked.equalityanswer_set.exists()
    page = page_text(commissioner_client, WB)
    report = report_text(consultation_report(consultation=consultation))
    for text in (page, report):
        assert flat(unasked.text) not in text
        assert "No one answered" not in text
        assert not re.search(r"(?<![\d,])0 of 1,376 respondents", text)


def test_how_we_consulted_gives_the_reports_sources() -> None:
    for slug, source in ((WB, "Decision report, September 2025, §8.4"), (CS, "Promoting the consultation")):
        report = consultation_report(consultation=Consultation.objects.get(slug=slug))
        section = next(s for s in report.sections if s.title == "How we consulted")
        bullets = [bullet for part in section.parts for bullet in part.bullets]
        assert bullets
        assert all("(Source: " in bullet for bullet in bullets)
        assert any(source in bullet for bullet in bullets)
        headings = [part.heading for part in section.parts if part.heading]
        assert "Drop-in sessions, workshops, visits and meetings" in headings
        assert "How the consultation was promoted" in headings


def test_the_108_percent_set_says_why_beside_the_figure(client: Client) -> None:
    page = page_text(client, WB)
    assert "add up to 108%, which no set of answers can give, so this demonstration records 70% disagreeing" in page


def test_the_public_page_marks_what_was_not_published(client: Client) -> None:
    page = page_text(client, WB)
    for what in ("how people responded", "this question's figures", "this question's other figures"):
        assert f"Illustrative The council's report did not publish {what}" in page, what
    assert "did not publish who responded" not in page  # 000 §9.2 publishes who responded
    assert "How we consulted" in page
    carers = page_text(client, CS)
    assert "did not publish the split between strongly and tend to" in carers
    assert "did not publish how people responded" not in carers  # 260 online and 127 by post are published
    assert "Tables the council's report published" in carers


def test_the_results_csv_carries_the_published_figures_and_the_illustrative_marks(client: Client) -> None:
    def table(slug: str) -> list[list[str]]:
        response = client.get(f"/consultations/{slug}/results.csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        return list(csv.reader(io.StringIO(body)))

    wellbeing = table(WB)
    notes = [row[1] for row in wellbeing]
    assert any("Published by the council: Of 1,217" in note and "77% disagreed" in note for note in notes)
    find_out = Consultation.objects.get(slug=WB).questions.get(code="find-out").text
    assert [find_out, ILLUSTRATIVE, "", "", "", ""] in wellbeing
    carers = table(CS)
    assert any(row[1].endswith("the split between strongly and tend to") for row in carers)
    important = Consultation.objects.get(slug=CS).questions.get(code="most-important").text
    assert [important, f"{ILLUSTRATIVE}: every figure but those published", "", "", "", ""] in carers
    assert [important, "Regular and reliable support", "231", "60%", "385", "387"] in carers


def test_we_did_gives_the_changes_the_strategy_published(client: Client) -> None:
    """004, "Immediate changes made to the draft strategy document": on its page and in the drafted report."""
    published = seed_text("004")
    for change in (
        "over 50 hours a week",
        "Armed Forces Community",
        "trusted points of contact and telling your story once",
    ):
        assert change in published
    carers = Consultation.objects.get(slug=CS)
    page = flat(html.unescape(TAGS.sub(" ", client.get(carers.get_absolute_url()).content.decode())))
    report = report_text(consultation_report(consultation=carers))
    for change in (
        "over 50 hours a week",
        "Armed Forces community",
        "trusted points of contact and telling your story once",
    ):
        assert change in page, change
        assert change in report, change
    assert "What we changed" in [section.title for section in consultation_report(consultation=carers).sections]


def test_what_we_changed_says_which_proposals_are_decided() -> None:
    """A proposal the consultation was about stays a proposal in the drafted report until it is decided."""
    consultation = Consultation.objects.get(slug=WB)
    proposed = EligibilityChange.objects.create(
        service=ServiceFactory(name="Community Navigation in East Kent (test)"),
        consultation=consultation,
        need_levels=["medium", "higher"],
        source="000 §6.1",
    )

    def decisions() -> list[str]:
        report = consultation_report(consultation=consultation)
        section = next(s for s in report.sections if s.title == "What we changed")
        return next(part.bullets for part in section.parts if part.heading == "Decisions on the proposals")

    (line,) = [b for b in decisions() if b.startswith("Community Navigation in East Kent (test)")]
    assert "not yet decided. The council has proposed that" in line
    assert "(Source: 000 §6.1.)" in line
    EligibilityChange.objects.filter(pk=proposed.pk).update(
        status=EligibilityChange.Status.DECIDED,
        decided_at=timezone.make_aware(datetime(2025, 10, 1, 12)),
        takes_effect_on=date(2026, 1, 1),
    )
    (line,) = [b for b in decisions() if b.startswith("Community Navigation in East Kent (test)")]
    assert "decided on 1 October 2025. From 1 January 2026 this service is" in line
