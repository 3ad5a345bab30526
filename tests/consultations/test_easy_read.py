"""The easy read version of a consultation's questions: other words, the same question ids, so the answers
land in the same export columns as the standard version's."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Consultation, Question
from tests.consultations.support import check_url, easy_read_words, first_page, page, rows, second_page

pytestmark = pytest.mark.django_db


def respond(client: Client, consultation: Consultation) -> None:
    client.post(page(consultation, 1), first_page(consultation))
    client.post(page(consultation, 2), second_page(consultation))
    assert client.post(check_url(consultation), {})["Location"].endswith("/respond/done/")


def test_easy_read_answers_land_in_the_same_export_columns(
    consultation: Consultation, commissioner_client: Client
) -> None:
    easy_read_words(consultation)
    detail = Client().get(consultation.get_absolute_url()).content.decode()
    easy_url = reverse("consultations:respond_version", kwargs={"slug": consultation.slug, "version": "easy-read"})
    assert f'href="{easy_url}"' in detail

    easy = Client()
    assert easy.get(easy_url)["Location"] == reverse("consultations:respond", kwargs={"slug": consultation.slug})
    page_two = easy.get(page(consultation, 2)).content.decode()
    assert "Do you go to a day centre?" in page_two
    assert "A day centre is a place to meet people." in page_two
    assert "I do not agree" in page_two
    assert "Do you use a day service?" not in page_two
    assert "This is the easy read version" in page_two
    respond(easy, consultation)

    standard = Client()
    standard_page = standard.get(page(consultation, 2)).content.decode()
    assert "Do you use a day service?" in standard_page
    assert "Do you go to a day centre?" not in standard_page
    respond(standard, consultation)

    # The stored words never change: the easy read wording is only shown.
    assert Question.objects.get(consultation=consultation, code="uses").text == "Do you use a day service?"
    export = commissioner_client.get(reverse("consultations:export", kwargs={"slug": consultation.slug}))
    table = rows(b"".join(export.streaming_content), excel=True)  # type: ignore[attr-defined]
    header = table[0]
    assert "Do you go to a day centre?" not in header
    answers = [dict(zip(header, row, strict=True)) for row in table[1:]]
    assert len(answers) == 2
    assert {a["Do you use a day service?"] for a in answers} == {"Yes"}
    assert {a["Do you agree with the proposal?"] for a in answers} == {"Tend to disagree"}
