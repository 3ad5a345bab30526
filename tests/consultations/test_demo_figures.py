"""The demo consultations give the published reports' figures, each computed by the results selectors.

Seed 000 section 9 (Wellbeing Services in the Community, 2024-25) and seed 004's consultation report
(Kent adult carers strategy, 2022). The one figure that cannot be met, Wellbeing's agreement adding
up to 108%, comes as close as the arithmetic allows and the admin page says so.
"""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from consultations.demo import CARERS_STRATEGY_SLUG, WELLBEING_SLUG
from consultations.models import Answer, AnswerTheme, Consultation, Question, Theme
from consultations.selectors.figures import percent
from consultations.selectors.results import QuestionResult, Results, consultation_results

pytestmark = pytest.mark.usefixtures("demo_consultations")

SERVICE_USERS = "As a person who uses the services (or on behalf of someone who does)"
KENT_RESIDENTS = "As a Kent resident"
PARTNERS = "As a partner agency (for example a health service or provider)"
VCSE = "On behalf of a voluntary, community or social enterprise (VCSE) organisation"


def results(slug: str) -> Results:
    return consultation_results(consultation=Consultation.objects.get(slug=slug), include_equality=True)


def question(data: Results, code: str) -> QuestionResult:
    return next(r for r in [*data.questions, *data.equality] if r.question.code == code)


def rollup(result: QuestionResult) -> dict[str, int]:
    return {bar.label: bar.percent for bar in result.rollups}


def bars(result: QuestionResult) -> dict[str, int]:
    return {bar.label: bar.percent for bar in result.bars}


def agreement_of(result: QuestionResult, respondent_type: str) -> int:
    row = next(b for b in result.breakdown if b.respondent_type == respondent_type)
    return next(cell.percent for cell in row.cells if cell.label == "Agree")


def theme_percentages(consultation: Consultation, code: str) -> dict[str, int]:
    """Each theme's share of the written answers to a question (answers coded by anyone, each once)."""
    question = Question.objects.get(consultation=consultation, code=code)
    written = Answer.objects.filter(question=question, option__isnull=True).exclude(text="").count()
    coded = dict(
        AnswerTheme.objects.filter(theme__question=question)
        .values("theme__name")
        .annotate(n=Count("answer", distinct=True))
        .values_list("theme__name", "n")
    )
    return {theme.name: percent(coded.get(theme.name, 0), written) for theme in Theme.objects.filter(question=question)}


def test_wellbeing_services_section_9() -> None:
    data = results(WELLBEING_SLUG)
    assert data.total == 1376  # 9.1
    types = {bar.label: bar.percent for bar in data.respondent_types}
    assert (types[SERVICE_USERS], types[KENT_RESIDENTS], types[PARTNERS], types[VCSE]) == (79, 11, 2, 5)  # 9.2
    used = bars(question(data, "services-used"))
    assert list(used.values())[:3] == [54, 44, 11]

    # 9.3, each proposal "of those expressing a view"
    live_well = question(data, "live-well-kent")
    assert live_well.n == 1070
    assert rollup(live_well) == {"Agree": 6, "Neither agree nor disagree": 8, "Disagree": 80, "Don't know": 6}
    assert bars(live_well)["Strongly disagree"] == 65
    assert (agreement_of(live_well, KENT_RESIDENTS), agreement_of(live_well, PARTNERS)) == (15, 17)

    navigation = question(data, "navigation")
    assert navigation.n == 1253
    assert rollup(navigation) == {"Agree": 4, "Neither agree nor disagree": 2, "Disagree": 92, "Don't know": 3}
    assert bars(navigation)["Strongly disagree"] == 84
    assert agreement_of(navigation, KENT_RESIDENTS) == 10

    wellbeing = question(data, "wellbeing")
    assert wellbeing.n == 1217
    # Published: 17 / 77 / 8 / 6 (108%). Whole-number shares of 1,217 cannot add up to more than 102%.
    assert rollup(wellbeing) == {"Agree": 17, "Neither agree nor disagree": 8, "Disagree": 70, "Don't know": 6}
    assert bars(wellbeing)["Strongly disagree"] == 65
    assert (agreement_of(wellbeing, KENT_RESIDENTS), agreement_of(wellbeing, VCSE)) == (36, 22)

    # 9.4 effect, and its themes
    assert list(bars(question(data, "effect")).values())[:4] == [81, 12, 3, 2]
    consultation = Consultation.objects.get(slug=WELLBEING_SLUG)
    assert list(theme_percentages(consultation, "effect-how").values()) == [21, 18, 17, 15, 14, 13, 12]
    assert "Isolation / feeling alone" in theme_percentages(consultation, "effect-how")
    # 9.5 to 9.8
    assert theme_percentages(consultation, "proposals-why") == {
        "Community Navigation is crucial, a 'backbone' of support": 17
    }
    assert list(bars(question(data, "alternatives-support")).values())[:4] == [25, 27, 17, 14]
    assert list(theme_percentages(consultation, "suggestions").values()) == [8, 4, 3, 2, 1, 1, 1, 1]
    assert list(theme_percentages(consultation, "services-in-own-words").values()) == [22, 22, 17, 12, 11, 11]

    # 8.4 the drop-in sessions
    events = list(consultation.events.all())
    assert len(events) == 14
    assert sum(e.attendance for e in events) == 59
    assert events[-1].place == "Deal"
    assert events[-1].held_on.strftime("%Y-%m") == "2025-01"


def test_the_admin_page_explains_the_figure_the_demo_cannot_meet(commissioner_client: Client) -> None:
    consultation = Consultation.objects.get(slug=WELLBEING_SLUG)
    page = commissioner_client.get(reverse("admin:consultations_consultation_change", args=[consultation.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Notes for staff" in body
    assert "add up to 108%" in body
    assert "70% disagreeing (857 of 1,217)" in body


def test_kent_adult_carers_strategy_2022() -> None:
    data = results(CARERS_STRATEGY_SLUG)
    assert data.total == 387
    channels = {bar.label: bar.count for bar in data.channels if bar.count}
    assert channels == {"Online": 260, "Paper": 127}
    types = [bar.percent for bar in data.respondent_types]
    assert types[:4] == [91, 5, 2, 1]
    found = bars(question(data, "find-out"))
    assert (found["From another organisation"], found["An email from Kent County Council"], found["Facebook"]) == (
        37,
        24,
        18,
    )

    vision = question(data, "vision")
    assert vision.n == 385
    assert next(bar for bar in vision.rollups if bar.label == "Agree").count == 300
    assert rollup(vision)["Agree"] == 78
    counts = {bar.label: (bar.count, bar.percent) for bar in vision.bars}
    assert counts["Mostly disagree"] == (23, 6)
    assert counts["Strongly disagree"] == (15, 4)
    wording, diagrams = question(data, "vision-wording"), question(data, "diagrams")
    assert (wording.bars[0].count, wording.n, wording.bars[0].percent) == (275, 383, 72)
    assert (diagrams.bars[0].count, diagrams.n, diagrams.bars[0].percent) == (277, 385, 72)
    for code, agreeing, share in [
        ("supporting-you", 338, 88),
        ("best-support", 338, 88),
        ("positive-outcomes", 346, 90),
    ]:
        result = question(data, code)
        agree = next(bar for bar in result.rollups if bar.label == "Agree")
        assert (agree.count, result.n, agree.percent) == (agreeing, 385, share)
    # "Please tell us which actions are the most important to you, by choosing up to three"
    important = question(data, "most-important")
    assert (important.question.kind, important.question.max_choices, important.is_multiple) == ("multiple", 3, True)
    regular = next(bar for bar in important.bars if bar.label == "Regular and reliable support")
    assert (regular.count, important.n, regular.percent) == (231, 385, 60)
    chosen = Answer.objects.filter(question=important.question).values("response").annotate(n=Count("id"))
    assert {row["n"] for row in chosen} <= {1, 2, 3}
    assert len(important.bars) == 10  # the strategy's "Positive outcomes" list

    # Equality monitoring as the report gives it
    assert list(bars(question(data, "eq-sex")).values()) == [75, 23, 2]
    carer = question(data, "eq-carer")
    carers = sum(bar.count for bar in carer.bars if bar.label.startswith("Yes"))
    assert (percent(carers, carer.n), bars(carer)["No"], bars(carer)["Prefer not to say"]) == (87, 12, 1)
    disabled = question(data, "eq-disabled")
    assert (disabled.n, disabled.bars[0].count) == (342, 83)
    assert list(bars(disabled).values()) == [24, 73, 3]
    impairments = question(data, "eq-impairment")
    assert impairments.n == 71
    assert [bar.count for bar in impairments.bars][:5] == [37, 15, 32, 19, 3]
    age = question(data, "eq-age")
    by_band = {bar.label: bar.count for bar in age.bars}
    over_50 = sum(n for band, n in by_band.items() if band[:2] in {"50", "60", "65", "75", "85"})
    over_65 = sum(n for band, n in by_band.items() if band[:2] in {"65", "75", "85"})
    under_50 = sum(n for band, n in by_band.items() if band[:2] in {"Un", "16", "25", "35"})
    assert (percent(over_50, age.n), percent(over_65, age.n), percent(under_50, age.n)) == (87, 51, 11)
    religion = question(data, "eq-religion")
    religious = sum(bar.count for bar in religion.bars if bar.label not in {"No religion", "Prefer not to say"})
    assert percent(religious, religion.n) == 58
    assert percent(religion.bars[1].count, religious) == 99  # Christian
    assert (bars(religion)["No religion"], bars(religion)["Prefer not to say"]) == (37, 5)
    ethnicity = question(data, "eq-ethnicity")
    white = sum(bar.count for bar in ethnicity.bars if bar.label.startswith("White"))
    black_or_asian = sum(bar.count for bar in ethnicity.bars if bar.label.startswith(("Black", "Asian")))
    assert (percent(white, ethnicity.n), percent(black_or_asian, ethnicity.n)) == (96, 2)
    assert bars(ethnicity)["Prefer not to say"] == 2
    # Coded written answers
    consultation = Consultation.objects.get(slug=CARERS_STRATEGY_SLUG)
    assert sum(1 for _ in theme_percentages(consultation, "vision-comments")) == 3


def test_the_fictional_2026_strategy_is_gone() -> None:
    assert not Consultation.objects.filter(slug="kent-carers-strategy-2026").exists()
