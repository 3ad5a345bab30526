""" "Did you mean": misspelt words against the directory's own vocabulary (pg_trgm), accents ignored (unaccent)."""

from __future__ import annotations

import pytest
from django.db import connection

from services.selectors.search import query_correct
from services.services.directory import directory_index_refresh
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary() -> None:
    ServiceFactory(name="Dementia carers benefits", summary="Befriending, transport and memory cafés")
    directory_index_refresh()


@pytest.mark.usefixtures("vocabulary")
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dementa", "dementia"),
        ("demantia", "dementia"),
        ("dmeentia", "dementia"),  # transposition
        ("benifits", "benefits"),
        ("transprot", "transport"),
        ("memmory", "memory"),
        ("carer", None),  # a form of a known word is not a typo (English stemming)
        ("dementia", None),
        ("cafe", None),  # "cafés" without its accent
        ("xyzzyplugh", None),  # nothing close
        ("the", None),  # too short to correct
    ],
)
def test_query_correct(word: str, expected: str | None) -> None:
    assert query_correct(query=word).corrected.get(word) == expected


@pytest.mark.usefixtures("vocabulary")
def test_the_suggestion_keeps_the_words_people_typed() -> None:
    correction = query_correct(query="Dementa CAFÉ transport")
    assert correction.words == ["dementa", "café", "transport"]
    assert correction.suggestion == "dementia café transport"
    assert query_correct(query="dementia café").suggestion is None


@pytest.mark.usefixtures("vocabulary")
def test_a_word_added_to_the_directory_is_suggested_at_once() -> None:
    assert query_correct(query="zumbba").corrected == {}
    directory_index_refresh(service_ids=[ServiceFactory(name="Zumba for carers").pk])
    assert query_correct(query="zumbba").corrected == {"zumbba": "zumba"}


def test_accents_come_off_through_the_unaccent_extension() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT services_unaccent(%s)", ["Café crème, Zoë, naïve façade, Ōtautahi"])
        assert cursor.fetchone()[0] == "Cafe creme, Zoe, naive facade, Otautahi"
