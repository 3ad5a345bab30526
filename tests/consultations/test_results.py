"""Results: percentages of those expressing a view for a known set of responses; who may see them."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consultations.demo import WELLBEING_SLUG, demo_seed
from consultations.models import Consultation, Question
from consultations.selectors.results import consultation_results
from consultations.synthetic import SyntheticResponse, responses_copy
from tests.consultations.conftest import option_id

pytestmark = pytest.mark.django_db


def agree_responses(consultation: Consultation, counts: dict[str, int], capacity: str) -> None:
    question = consultation.questions.get(code="agree")
    capacity_id = option_id(consultation, "capacity", capacity)
    items = []
    for text, count in counts.items():
        for _ in range(count):
            answers: dict[str, Any] = {str(consultation.questions.get(code="capacity").pk): capacity_id}
            if text:
                answers[str(question.pk)] = option_id(consultation, "agree", text)
            items.append(
                SyntheticResponse(
                    channel="online", submitted_at=timezone.now(), answers=answers, respondent_type=capacity
                )
            )
    responses_copy(consultation=consultation, responses=items)


def test_percentages_are_of_those_expressing_a_view_with_rollups_and_breakdown(consultation: Consultation) -> None:
    agree_responses(
        consultation,
        {
            "Strongly agree": 2,
            "Tend to agree": 4,
            "Neither agree nor disagree": 8,
            "Strongly disagree": 60,
            "Tend to disagree": 20,
            "Don't know": 6,
            "": 25,
        },
        "As a Kent resident",
    )
    agree_responses(consultation, {"Tend to agree": 5, "Strongly disagree": 5}, "Other")
    results = consultation_results(consultation=consultation)
    assert results.total == 135
    agree = next(r for r in results.questions if r.question.code == "agree")
    assert (agree.n, agree.total) == (110, 135)
    rollups = {bar.label: (bar.count, bar.percent) for bar in agree.rollups}
    assert rollups == {
        "Agree": (11, 10),
        "Neither agree nor disagree": (8, 7),
        "Disagree": (85, 77),
        "Don't know": (6, 5),
    }
    breakdown = {row.respondent_type: row for row in agree.breakdown}
    assert breakdown["Other"].n == 10
    assert [cell.percent for cell in breakdown["Other"].cells] == [50, 0, 50, 0]
    assert breakdown["As a Kent resident"].cells[0].percent == 6  # 6 of 100 agree


def test_the_demo_reproduces_the_published_live_well_kent_figures(db: Any, commissioner_client: Client) -> None:
    demo_seed()
    demo_seed()  # idempotent
    consultation = Consultation.objects.get(slug=WELLBEING_SLUG)
    assert consultation.responses.count() == 1376
    results = consultation_results(consultation=consultation)
    live_well = next(r for r in results.questions if r.question.code == "live-well-kent")
    assert live_well.n == 1070
    assert {bar.label: bar.percent for bar in live_well.rollups} == {
        "Agree": 6,
        "Neither agree nor disagree": 8,
        "Disagree": 80,
        "Don't know": 6,
    }
    strongly = next(bar for bar in live_well.bars if bar.label == "Strongly disagree")
    assert strongly.percent == 65

    body = Client().get(reverse("consultations:results", kwargs={"slug": WELLBEING_SLUG})).content.decode()
    assert "1,070 of 1,376 respondents expressed a view" in body
    assert "<svg" in body
    assert "<table" in body
    assert "Search the written answers" not in body  # written answers are for commissioners only

    staff = commissioner_client.get(
        reverse("consultations:results", kwargs={"slug": WELLBEING_SLUG}),
        {"question": consultation.questions.get(code="proposals-why").pk, "search": "backbone"},
    ).content.decode()
    assert "Search the written answers" in staff
    assert "written answer" in staff
    assert "About the people who responded" in staff

    results_csv = Client().get(reverse("consultations:results_csv", kwargs={"slug": WELLBEING_SLUG}))
    table = list(csv.reader(io.StringIO(b"".join(results_csv.streaming_content).decode("utf-8-sig"))))  # type: ignore[attr-defined]
    assert [
        "How far do you agree or disagree with our proposal for the Mental Health Community and Wellbeing Service "
        "(Live Well Kent)?",
        "All: Disagree",
        "856",
        "80%",
        "1070",
        "1376",
    ] in table


def test_results_are_public_only_once_published_after_closing(
    consultation: Consultation, commissioner_client: Client
) -> None:
    url = reverse("consultations:results", kwargs={"slug": consultation.slug})
    assert Client().get(url).status_code == 404
    assert commissioner_client.get(url).status_code == 200  # staff, at any time
    Consultation.objects.filter(pk=consultation.pk).update(results_published_at=timezone.now())
    assert Client().get(url).status_code == 404  # still open
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=2),
        results_published_at=timezone.now() - timedelta(days=1),
    )
    assert Client().get(url).status_code == 200


def test_results_use_a_fixed_number_of_queries(consultation: Consultation) -> None:
    agree_responses(consultation, {"Strongly agree": 3}, "Other")
    with CaptureQueriesContext(connection) as small:
        consultation_results(consultation=consultation, include_equality=True)
    agree_responses(consultation, {"Tend to disagree": 30, "Don't know": 9}, "As a Kent resident")
    with CaptureQueriesContext(connection) as large:
        consultation_results(consultation=consultation, include_equality=True)
    assert len(small) == len(large)
    assert Question.objects.filter(consultation=consultation).count() > 10


def test_unpublished_results_need_a_commissioner_who_used_two_step_verification(
    consultation: Consultation, staff_user_factory: Any
) -> None:
    agree_responses(consultation, {"Strongly agree": 1}, "Other")  # one respondent: n=1 in every cell
    user = staff_user_factory(email="c2@example.com", staff_role="commissioner")
    client = Client()
    client.force_login(user)  # password only: no second factor this session
    for name in ("consultations:results", "consultations:results_csv"):
        response = client.get(reverse(name, kwargs={"slug": consultation.slug}))
        assert response.status_code == 302, name
        assert response["Location"].startswith("/account/2fa/"), response["Location"]
        assert "Strongly agree" not in response.content.decode()


def test_published_results_show_no_written_answers_without_two_step_verification(
    consultation: Consultation, staff_user_factory: Any
) -> None:
    agree_responses(consultation, {"Strongly agree": 1}, "Other")
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(days=2),
        results_published_at=timezone.now() - timedelta(days=1),
    )
    user = staff_user_factory(email="c2@example.com", staff_role="commissioner")
    client = Client()
    client.force_login(user)
    body = client.get(reverse("consultations:results", kwargs={"slug": consultation.slug})).content.decode()
    assert "Search the written answers" not in body
    assert "About the people who responded" not in body


def test_cached_results_update_as_soon_as_a_response_arrives(
    consultation: Consultation, commissioner_client: Client
) -> None:
    url = reverse("consultations:results", kwargs={"slug": consultation.slug})
    agree_responses(consultation, {"Strongly agree": 2}, "Other")
    assert "2 responses" in commissioner_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as cached:
        assert "2 responses" in commissioner_client.get(url).content.decode()
    agree_responses(consultation, {"Tend to disagree": 1}, "Other")
    with CaptureQueriesContext(connection) as fresh:
        assert "3 responses" in commissioner_client.get(url).content.decode()
    assert len(fresh) > len(cached)
