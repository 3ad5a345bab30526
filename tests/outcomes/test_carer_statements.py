"""Carers answer the strategy's six "I" statements after support, anonymously (issue 24.7)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from services.outcomes.models import I_STATEMENTS, CarerStatements
from services.outcomes.selectors import carer_statements_by_service_quarter
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _form(page: str) -> str:
    return page.split('name="token" value="')[1].split('"')[0]


def test_the_six_statements_are_the_strategys_own() -> None:
    from pathlib import Path

    seeds = next(p / "shared" / "seeds" for p in Path(__file__).resolve().parents if (p / "shared" / "seeds").is_dir())
    strategy = " ".join(next(seeds.glob("004_*.txt")).read_text(encoding="utf-8").replace("**", "").split())
    assert len(I_STATEMENTS) == 6
    for _, text in I_STATEMENTS:
        assert text.rstrip(".")[:80] in strategy, text


def test_a_carer_answers_once_anonymously_and_the_counts_add_up(client: Client) -> None:
    service = ServiceFactory(name="Community Navigation for Carers", audiences=["carers"])
    url = f"{service.get_absolute_url()}after-support/"
    page = client.get(url).content.decode()
    assert "cannot see who answered" in page
    assert "03000 41 61 61" in page  # the phone route beside the form
    assert "I only have to tell my story once" in page

    error = client.post(url, {"token": _form(page)}).content.decode()
    assert "Select agree or disagree for at least one statement" in error
    assert CarerStatements.objects.count() == 0

    token = _form(page)
    answers: dict[str, Any] = {"token": token, "wellbeing": "agree", "story_once": "disagree", "rights": "agree"}
    with time_machine.travel(date(2026, 2, 10), tick=False):
        assert client.post(url, answers).status_code == 302
        assert client.post(url, answers).status_code == 302  # a double submit
        second = {"token": _form(client.get(url).content.decode()), "wellbeing": "disagree", "story_once": "disagree"}
        client.post(url, second)
    assert CarerStatements.objects.count() == 2
    saved = CarerStatements.objects.get(token=token)
    assert {f.name for f in CarerStatements._meta.fields} == {
        "id",
        "service",
        "answered_on",
        "token",
        "example",  # demonstration data only (services/outcomes/demo.py)
        *[code for code, _ in I_STATEMENTS],
    }  # nothing about who answered

    (row,) = carer_statements_by_service_quarter()
    assert (row.service, row.quarter, row.n) == ("Community Navigation for Carers", "2026 Q1", 2)
    # By hand: wellbeing 1 agree of 2; story once 0 of 2; rights 1 of 1; information unanswered.
    assert (row.agree["wellbeing"].yes, row.agree["wellbeing"].n) == (1, 2)
    assert (row.agree["story_once"].yes, row.agree["story_once"].n) == (0, 2)
    assert (row.agree["rights"].percent, row.agree["information"].percent) == (100, None)
    assert saved.answered_on == date(2026, 2, 10)


def test_commissioners_see_the_statements_beside_the_outcomes(
    client: Client, staff_user_factory: Any, staff_login: Any
) -> None:
    service = ServiceFactory(name="Carers' service", audiences=["carers"])
    for n, answer in enumerate(["agree", "agree", "disagree"]):
        CarerStatements.objects.create(
            service=service, answered_on=date(2026, 5, 1), token=uuid.UUID(int=n), rights=answer
        )
    commissioner = staff_login(client, staff_user_factory(email="c@example.org", staff_role="commissioner"))
    page = commissioner.get("/staff/outcomes/outcome/").content.decode()
    assert "67% agree (n = 3)" in page
    assert "no answers" in page


def test_only_carers_services_ask(client: Client) -> None:
    service = ServiceFactory(audiences=["older-people"])
    assert client.get(f"{service.get_absolute_url()}after-support/").status_code == 404
