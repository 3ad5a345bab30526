from __future__ import annotations

import pytest

from services.models import SearchWord
from services.selectors import directory_cache_bump, directory_cache_version
from services.spelling import query_correct, word_correct

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
