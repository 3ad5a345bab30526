"""The demo's outcome records (issue 24.7): a small, fixed set that fills the contract-monitoring report, every one
marked and shown as an illustrative example, and seeding twice adds nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from services.outcomes.demo import demo_seed
from services.outcomes.models import CarerStatements, Outcome
from services.outcomes.selectors import carer_statements_by_service_quarter, outcomes_by_provider_quarter

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_directory")]


def _total(rows: list[Any], measure: str) -> tuple[int, int]:
    rates = [getattr(row, measure) for row in rows]
    return sum(r.yes for r in rates), sum(r.n for r in rates)


def test_the_demo_fills_the_report_with_labelled_examples(commissioner_client: Client) -> None:
    demo_seed()
    demo_seed()  # again: nothing more
    assert Outcome.objects.count() == Outcome.objects.filter(example=True).count() == 10
    assert CarerStatements.objects.count() == CarerStatements.objects.filter(example=True).count() == 8

    rows = outcomes_by_provider_quarter()
    assert {row.organisation for row in rows} == {"Live Well Kent and Medway"}
    assert sum(row.people for row in rows) == sum(row.examples for row in rows) == 10
    # By hand from DEMO_OUTCOMES: 8 of 9 answering would recommend; SWEMWBS maintained or improved for 8 of 10;
    # tenancy kept by 3 of the 4 who had one; 1 of the 4 unemployed at the start started paid work.
    assert _total(rows, "recommend") == (8, 9)
    assert _total(rows, "swemwbs") == (8, 10)
    assert _total(rows, "tenancy") == (3, 4)
    assert _total(rows, "work") == (1, 4)
    statements = carer_statements_by_service_quarter()
    assert sum(row.n for row in statements) == sum(row.examples for row in statements) == 8

    page = commissioner_client.get("/staff/outcomes/outcome/").content.decode()
    assert "Demonstration data." in page
    assert "not anyone's real outcomes" in page
    assert page.count("(illustrative example:") == len(rows) + len(statements)
