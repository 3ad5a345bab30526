from __future__ import annotations

import pytest

from services.models import SearchWord
from services.selectors import directory_cache_bump, directory_cache_version
from services.spelling import fold_accents, query_correct, word_correct

WORDS = {"dementia": 12, "carers": 30, "benefits": 9, "befriending": 4, "transport": 5, "memory": 6}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dementa", "dementia"),
        ("demantia", "dementia"),
        ("dmeentia", "dementia"),  # transposition
        ("benifits", "benefits"),
        ("transprot", "transport"),
        ("carer", None),  # a form of a known word is not a typo
        ("dementia", None),
        ("memroy", "memory"),
        ("xyzzyplugh", None),  # nothing close
        ("the", None),  # too short to correct
    ],
)
def test_word_correct(word: str, expected: str | None) -> None:
    assert word_correct(word, WORDS) == expected


@pytest.mark.django_db
def test_another_process_change_reaches_this_process_through_the_version() -> None:
    SearchWord.objects.create(word="dementia", frequency=3)
    assert query_correct("zumbba", version=directory_cache_version()).corrected == {}
    # Another process adds a word and bumps the version (without touching this process's memory).
    SearchWord.objects.create(word="zumba", frequency=1)
    directory_cache_bump()
    assert query_correct("zumbba", version=directory_cache_version()).corrected == {"zumbba": "zumba"}


@pytest.mark.django_db
def test_accents_come_off_in_python_as_in_sql() -> None:
    """services.spelling.fold_accents (query words) and services_fold_accents (search vectors, vocabulary) agree on
    every Latin letter, so a word means the same on both sides."""
    from django.db import connection

    text = "".join(chr(code) for code in range(0x20, 0x250)) + " Café Ōtautahi naïve façade"
    with connection.cursor() as cursor:
        cursor.execute("SELECT services_fold_accents(%s)", [text])
        assert cursor.fetchone()[0] == fold_accents(text)
    assert fold_accents("Café crème, Zoë") == "Cafe creme, Zoe"
    assert query_correct("Dementia CAFÉ").words == ["dementia", "cafe"]
