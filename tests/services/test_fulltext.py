"""Searches with words answered from the search index in memory (services.fulltext): the same matches as PostgreSQL's
`@@`, the same `ts_rank` numbers, and so the same pages in the same order as the ORM's `services_search`."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services import fulltext, search_index, selectors
from services.geography import area_districts
from services.models import Audience, SearchWord, TaxonomyTerm
from services.selectors import PostcodeLocation
from services.services import directory_index_refresh
from services.spelling import query_correct
from tests.services.factories import ServiceFactory

pytestmark = pytest.mark.django_db

WHITSTABLE = PostcodeLocation(postcode="CT5 1AA", latitude=51.3606, longitude=1.0256, district="canterbury")
# One word, a corrected word (||), several words (&& and calc_rank_and), a repeated word, a hyphenated word (several
# lexemes from one word), stop words, words no service uses, no words at all, and characters the parser drops.
QUERIES = [
    "dementia",
    "dementa",
    "carers",
    "karrier",
    "carers support",
    "support groups for carers",
    "memory cafe",
    "money advice benefits",
    "dementia dementia",
    "walking walk",
    "well-being",
    "carer's breaks",
    "the",
    "the and of",
    "zzqqxx",
    "zzqqxx dementia",
    "123",
    "<b>carers</b>",
    "'; DROP TABLE services_service; --",
]


@pytest.fixture
def directory(demo_directory: None) -> None:
    call_command("generate_directory", "--services", "300", "--seed", "7", verbosity=0)
    # Names, words and positions that stress the ranking: a word many times, words far apart and side by side.
    many = ServiceFactory(
        name="Carers carers carers support",
        summary="Support for carers, by carers.",
        description="Support for carers. " * 30 + "Carers " + "word " * 120 + "support",
        districts=["thanet"],
    )
    directory_index_refresh(service_ids=[many.pk])


def postgresql_ranks(query: str) -> dict[int, float]:
    """Each matching open service's ts_rank, as PostgreSQL works it out (rounded to the float4 it returns)."""
    tsquery, params = selectors._tsquery_sql(query, query_correct(query))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, ts_rank(search_vector, {tsquery}) FROM services_service"
            f" WHERE status IN ('active', 'temporarily closed') AND search_vector @@ {tsquery}",
            params + params,
        )
        return {pk: fulltext.float4(rank) for pk, rank in cursor.fetchall()}


def index_ranks(query: str) -> dict[int, float] | None:
    index = search_index.facet_index()
    assert index is not None
    built = fulltext.query_build(query_correct(query), query)
    assert built is not None
    matching = built.matching(index.lexemes())
    found = fulltext.ranks(built, index.lexemes(), matching)
    return None if found is None else {index.ids[position]: rank for position, rank in found.items()}


@pytest.mark.usefixtures("directory")
@pytest.mark.parametrize("query", QUERIES)
def test_matches_and_ranks_are_postgresqls(query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fulltext, "MAX_RANKED_BY_AND", 100_000)  # rank every match here, however many
    assert index_ranks(query) == postgresql_ranks(query)


@pytest.mark.usefixtures("directory")
def test_the_searches_above_find_services_and_rank_them_every_way() -> None:
    """So the comparison above is not of empty sets: matches ranked by calc_rank_or and calc_rank_and, with ties."""
    found = {query: postgresql_ranks(query) for query in QUERIES}
    assert len(found["dementia"]) > 20
    assert len(found["carers support"]) > 20
    assert found["zzqqxx"] == found["the"] == {}
    built = {query: fulltext.query_build(query_correct(query), query) for query in QUERIES}
    assert built["carers support"] is not None
    assert built["carers support"].ranked_by_and
    assert built["dementa"] is not None
    assert not built["dementa"].ranked_by_and  # an OR at the top: calc_rank_or
    ranks = list(found["dementia"].values())
    assert len(set(ranks)) < len(ranks)  # ties, broken by name then id


@pytest.mark.usefixtures("directory")
def test_many_matches_ranked_by_and_are_left_to_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    """calc_rank_and is slow in Python: past MAX_RANKED_BY_AND matches PostgreSQL ranks them (the same results)."""
    monkeypatch.setattr(fulltext, "MAX_RANKED_BY_AND", 20)
    assert len(postgresql_ranks("carers support")) > 20
    assert index_ranks("carers support") is None
    assert index_ranks("carers") is not None  # calc_rank_or: the index ranks any number
    page, _ = selectors.services_search_page(page_number=1, query="carers support", cached=False)
    expected = list(selectors.services_search(query="carers support").services.values_list("pk", flat=True)[:20])
    assert [row[0] for row in page.rows] == expected


def orm_rows(**search: Any) -> list[tuple[int, float | None, bool]]:
    qs = selectors.services_search(**search).services
    if "origin" not in search:
        return [(pk, None, False) for pk in qs.values_list("pk", flat=True)]
    return [(pk, distance, bool(covers)) for pk, distance, covers in qs.values_list("pk", "distance", "covers_origin")]


def index_rows(**search: Any) -> list[tuple[int, float | None, bool]] | None:
    found = selectors._index_rows(start=0, size=100_000, **search)
    return None if found is None else found[0]


@pytest.mark.usefixtures("directory")
def test_searches_with_words_and_filters_are_the_orms_row_for_row() -> None:
    carers = TaxonomyTerm.objects.get(slug="carers-support")
    searches: list[dict[str, Any]] = [
        {"query": "dementia"},
        {"query": "dementa", "districts": area_districts("east-kent")},
        {"query": "carers", "category": carers, "audience": Audience.CARERS},
        {"query": "money advice", "districts": area_districts("west-kent")},
        {"query": "carers", "origin": WHITSTABLE, "radius_miles": 10},
        {"query": "dementa", "origin": WHITSTABLE, "radius_miles": 5},
        {"query": "carers", "category": carers, "origin": WHITSTABLE, "radius_miles": 20},
        {"query": "zzqqxx", "origin": WHITSTABLE, "radius_miles": 20},
    ]
    for search in searches:
        rows = index_rows(**search)
        assert rows is not None, search  # answered from the index...
        assert rows == orm_rows(**search), search  # ...as the ORM answers
    assert any(len(orm_rows(**search)) > 20 for search in searches)


@pytest.fixture
def vocabulary(directory: None) -> list[str]:
    return sorted(SearchWord.objects.filter(frequency__gte=2).values_list("word", flat=True))


def _misspelt(word: str, at: int) -> str:
    at %= len(word)
    return word[:at] + word[at + 1 :]


@pytest.mark.usefixtures("directory")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_search_with_words_is_the_orms_row_for_row(vocabulary: list[str], data: st.DataObject) -> None:
    words = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
    if data.draw(st.booleans()):  # a letter dropped: corrected, and ranked by the word or its correction
        words[0] = _misspelt(words[0], data.draw(st.integers(0, 20)))
    query = " ".join(words)
    search: dict[str, Any] = {"query": query}
    if data.draw(st.booleans()):
        search["districts"] = area_districts(data.draw(st.sampled_from(["east-kent", "canterbury", "medway"])))
    if data.draw(st.booleans()):
        search |= {"origin": WHITSTABLE, "radius_miles": data.draw(st.sampled_from([1, 5, 20]))}
    rows = index_rows(**search)
    if rows is not None:  # None: more matches ranked by calc_rank_and than the index ranks (see above)
        assert rows == orm_rows(**search), search


def test_tsvector_and_tsquery_text_is_read_as_postgresql_writes_it() -> None:
    """Quotes are doubled and backslashes escaped in their text forms."""
    builder = fulltext.PostingsBuilder()
    builder.add(0, r"'it''s':1A,3 'back\\slash':2B 'plain':4C")
    postings = builder.build(1)
    assert sorted(postings) == ["back\\slash", "it's", "plain"]
    assert list(postings["it's"].entries) == [1 | 3 << 14, 3]  # position, and weight class A = 3 (D, no letter, 0)
    fulltext.lexemes_remember(["o'brien", "stop", "odd"], ["'o' & 'brien'", "", "'a' | 'b'"])
    assert fulltext.word_lexemes(["o'brien", "stop", "odd"]) == {"o'brien": ("o", "brien"), "stop": (), "odd": None}
