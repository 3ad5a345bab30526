"""A commissioner codes written answers, sees the themes on the results page and downloads the drafted report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from docx import Document

from consultations.models import AnswerTheme
from consultations.services.coding import theme_create
from tests.browser.conftest import Journey
from tests.consultations.conftest import build_consultation
from tests.consultations.test_themes import written


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_commissioner_codes_answers_and_downloads_the_report(
    journey: Journey, staff_user_factory: Any, staff_login: Any
) -> None:
    consultation = build_consultation("closed", opens_in_days=-60, closes_in_days=-1)
    answers = written(
        consultation,
        [
            ("As a Kent resident", "Without the lunch club I would be lonely and isolated"),
            ("As a Kent resident", "The bus costs too much"),
            ("Other", "I would feel lonely and isolated at home"),
        ],
    )
    why = consultation.questions.get(code="why")
    isolation = theme_create(question=why, name="Isolation", definition="Feeling alone or cut off")
    theme_create(question=why, name="Cost of getting there")
    commissioner = staff_user_factory(email="commissioner@example.com", staff_role="commissioner")
    # Signed in with password and authenticator (as the staff pages require), then handed to the browser.
    client = staff_login(Client(), commissioner)
    journey.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": journey.base_url,
            }
        ]
    )
    page = journey.visit(f"/staff/consultations/question/{why.pk}/code/")
    assert page.get_by_role("heading", level=1).inner_text() == "Code answer 1 of 3"
    assert "Without the lunch club" in page.locator("#answer-text").inner_text()
    # The keyboard alone: tab to the first theme, tick it with the space bar, then "Save and next".
    page.get_by_label("Isolation").focus()
    page.keyboard.press("Space")
    journey.submit("Save and next")
    assert page.get_by_role("heading", level=1).inner_text() == "Code answer 2 of 3"
    page.get_by_label("Cost of getting there").check()
    journey.submit("Save and next")
    assert page.get_by_role("heading", level=1).inner_text() == "Code answer 3 of 3"
    # The third answer shares words with the first, so Isolation is suggested, not ticked.
    assert "Suggested themes" in page.content()
    assert "Isolation (suggested)" in page.content()
    assert not page.get_by_label("Isolation (suggested)").is_checked()
    page.get_by_label("Isolation (suggested)").check()
    journey.submit("Save and next")
    assert "That was the last answer to code." in page.content()
    assert AnswerTheme.objects.filter(theme=isolation).count() == 2
    assert set(AnswerTheme.objects.values_list("answer_id", flat=True)) == {a.pk for a in answers}

    page = journey.visit("/consultations/closed/results/")
    row = page.get_by_role("row", name="Isolation 2 67%")
    assert row.count() == 1
    page.get_by_role("link", name="Draft the consultation report").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Day services for older people: consultation report"
    assert "Isolation (67% of those responding)" in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the report as a Word document (.docx)").click()
    download = download_info.value
    path = download.path()
    assert path is not None
    with open(path, "rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    assert "Isolation (67% of those responding)" in [p.text for p in document.paragraphs]
