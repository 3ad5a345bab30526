"""PostgreSQL's full-text match (`@@`) and `ts_rank`, worked out in Python over the services' search vectors, so the
search index in memory (services.search_index) can answer searches with words too.

A keyword search in PostgreSQL read every matching service's row and ranked every match for each page: 2 to 4 ms of
a 7 ms page for "dementia" on 10,000 services. Here the search vectors are held as postings (for each lexeme, the
services that use it, in name order, with its positions and weights in each), the query is matched with bit sets, and
each match is ranked with PostgreSQL's own arithmetic (src/backend/utils/adt/tsrank.c, `calc_rank_or` and
`calc_rank_and` with the default weights and no normalisation), rounding to single precision (`float4`) wherever C
does, so that the ranks are the same numbers and results come in the same order. Tests compare the ranks with
PostgreSQL's `ts_rank` and whole searches with the ORM's, row for row.

Query words are turned into lexemes by PostgreSQL (`plainto_tsquery`, so the same parser, stemmer and stop words),
once per word in each process: a pure function of the word, kept like the spelling corrections. A query that is not
a plain combination of lexemes (one PostgreSQL would build with other operators) is left to SQL.
"""

from __future__ import annotations

import math
import re
import struct
import threading
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection

from services import bitsets
from services.spelling import Correction

_FLOAT4 = struct.Struct("<f")


def float4(value: float) -> float:
    """`value` rounded to single precision, as C rounds when it stores a double in a `float`.

    (Python works in double precision: a single-precision sum, product or quotient is worked out exactly enough in
    double and rounded once, which gives the single-precision result.)"""
    return float(_FLOAT4.unpack(_FLOAT4.pack(value))[0])


# ts_rank's default weights of D, C, B and A, as stored in C (`float weights[] = {0.1f, 0.2f, 0.4f, 1.0f}`).
WEIGHTS = tuple(float4(weight) for weight in (0.1, 0.2, 0.4, 1.0))
_WEIGHT_CLASS = {"A": 3, "B": 2, "C": 1, "D": 0}
MAX_ENTRY_POSITION = (1 << 14) - 1  # positions are 14 bits, the weight class the top 2 bits of a uint16
OR_DIVISOR = 1.64493406685  # pi^2 / 6, in calc_rank_or


def _word_distance(distance: int) -> float:
    """tsrank.c's `word_distance`: the weight of two words `distance` positions apart."""
    if distance > 100:
        return float4(1e-30)
    return float4(1.0 / (1.005 + 0.05 * math.exp(float(distance) / 1.5 - 2)))


def _pair_weight(weight: float, other: float, distance: int) -> float:
    """`curw` in calc_rank_and: two entries' weights and their distance apart, together."""
    return float4(math.sqrt(float4(float4(weight * other) * _word_distance(distance))))


# `curw` for every pair of weight classes (4 * class + other class) and distance up to 101 (beyond 100 they are all
# the same): 1,632 numbers, worked out once.
_FAR = 101
_PAIR_WEIGHTS = [
    _pair_weight(WEIGHTS[pair >> 2], WEIGHTS[pair & 3], distance) if distance else 0.0
    for pair in range(16)
    for distance in range(_FAR + 1)
]


def or_term(entries: Sequence[int]) -> float:
    """One lexeme's part of `calc_rank_or` for one document (before it is added to the sum): `entries` are its
    positions as stored (position | weight class << 14, in position order)."""
    total, best, best_at = 0.0, -1.0, 0
    for j, entry in enumerate(entries):
        weight = WEIGHTS[entry >> 14]
        total = float4(total + float4(weight / ((j + 1) * (j + 1))))
        if weight > best:
            best, best_at = weight, j
    return float4(float4(best + total) - float4(best / ((best_at + 1) * (best_at + 1)))) / OR_DIVISOR


def rank_and(positions: Sequence[Sequence[int] | None]) -> float:
    """`calc_rank_and` for one document: `positions[i]` are the entries of the i-th of the query's lexemes (sorted and
    without repeats) in the document, or None when it lacks it. At least two lexemes."""
    result = -1.0
    pack, unpack, pair_weights = _FLOAT4.pack, _FLOAT4.unpack, _PAIR_WEIGHTS
    for i, here in enumerate(positions):
        if here is None:
            continue
        for k in range(i):
            there = positions[k]
            if there is None:
                continue
            for entry in here:
                row, at = (entry >> 14) * 4 * (_FAR + 1), entry & MAX_ENTRY_POSITION
                for other in there:
                    distance = abs(at - (other & MAX_ENTRY_POSITION))
                    if distance:
                        current = pair_weights[row + (other >> 14) * (_FAR + 1) + min(distance, _FAR)]
                        result = current if result < 0 else unpack(pack(1.0 - (1.0 - result) * (1.0 - current)))[0]
    return result


def rank_finish(rank: float) -> float:
    """`calc_rank`'s last step for ts_rank without normalisation."""
    return float4(1e-20) if rank < 0 else rank


# --- Search vectors as postings -----------------------------------------------------------------------------------

_VECTOR_ENTRY = re.compile(r"'((?:[^']|'')*)'(?::([0-9A-D,]+))?")
_POSITION = re.compile(r"(\d+)([A-D]?)")
_UNESCAPE = re.compile(r"''|\\(.)")


def _unescape(lexeme: str) -> str:
    """A lexeme as tsvector and tsquery output quote it ('' for ', a backslash before \\)."""
    if "'" not in lexeme and "\\" not in lexeme:
        return lexeme
    return _UNESCAPE.sub(lambda match: "'" if match.group(0) == "''" else match.group(1), lexeme)


@dataclass(frozen=True)
class Postings:
    """The documents (services' positions in the index) that use one lexeme, in order, and for each its part of
    `calc_rank_or` and its entries (`entries[starts[j]:starts[j + 1]]` for the j-th document)."""

    documents: array[int]
    terms: array[float]
    single: array[float]  # the rank of a query of this lexeme alone: float4(0 + term) / 1
    starts: array[int]
    entries: array[int]
    bits: int


class PostingsBuilder:
    """Collects search vectors (tsvector text, as PostgreSQL outputs it) document by document, in order."""

    def __init__(self) -> None:
        self._lexemes: dict[str, tuple[list[int], list[float], list[int], list[int]]] = {}
        # Position lists repeat a great deal ("3C" in thousands of services): each parsed once.
        self._parsed: dict[str, tuple[list[int], float]] = {}
        self.complete = True  # False when a vector had a lexeme without positions (not modelled here)

    def add(self, document: int, vector: str | None) -> None:
        if not vector:
            return
        for quoted, positions in _VECTOR_ENTRY.findall(vector):
            if not positions:
                self.complete = False
                continue
            lexeme = _unescape(quoted)
            parsed = self._parsed.get(positions)
            if parsed is None:
                entries = [
                    int(at) | (_WEIGHT_CLASS[weight or "D"] << 14) for at, weight in _POSITION.findall(positions)
                ]
                parsed = self._parsed[positions] = (entries, or_term(entries))
            entries, term = parsed
            lists = self._lexemes.get(lexeme)
            if lists is None:
                lists = self._lexemes[lexeme] = ([], [], [0], [])
            documents, terms, starts, flat = lists
            documents.append(document)
            terms.append(term)
            flat.extend(entries)
            starts.append(len(flat))

    def build(self, size: int) -> dict[str, Postings]:
        """The postings of every lexeme, of `size` documents in all."""
        return {
            lexeme: Postings(
                documents=array("i", documents),
                terms=array("d", terms),
                single=array("f", terms),  # array("f") rounds each to single precision
                starts=array("I", starts),
                entries=array("H", flat),
                bits=bitsets.bitset(documents, size),
            )
            for lexeme, (documents, terms, starts, flat) in self._lexemes.items()
        }


# --- Queries ------------------------------------------------------------------------------------------------------

_TSQUERY = re.compile(r"'(?:[^'\\]|''|\\.)*'(?: & '(?:[^'\\]|''|\\.)*')*")
_QUOTED = re.compile(r"'((?:[^'\\]|''|\\.)*)'")
MAX_REMEMBERED_WORDS = 5000
_word_lexemes: dict[str, tuple[str, ...] | None] = {}
_words_lock = threading.Lock()

# Each word's tsquery, in the order of the words in parameter %s (a text[]): for queries that ask for it with more.
LEXEMES_SQL = "ARRAY(SELECT plainto_tsquery('english'::regconfig, w)::text FROM unnest(%s::text[]) AS w)"


def _parts(correction: Correction, query: str) -> list[str]:
    """What selectors._tsquery_sql makes a tsquery of: the query's words, or the whole query when it has none."""
    return list(correction.words) or [query]


def query_words(correction: Correction, query: str) -> list[str]:
    """The words `query_build` needs the lexemes of."""
    parts = _parts(correction, query)
    return list(
        dict.fromkeys([*parts, *(correction.corrected[word] for word in parts if word in correction.corrected)])
    )


def words_unknown(words: Iterable[str]) -> list[str]:
    """Those of `words` whose lexemes this process has not been told yet (`lexemes_remember`)."""
    return [word for word in words if word not in _word_lexemes]


def lexemes_remember(words: Sequence[str], tsqueries: Sequence[str]) -> None:
    """Keep what PostgreSQL made of each word (`LEXEMES_SQL`): its lexemes, ANDed (none for a stop word), or None
    when it made something else of it."""
    with _words_lock:
        if len(_word_lexemes) + len(words) > MAX_REMEMBERED_WORDS:
            _word_lexemes.clear()
        for word, text in zip(words, tsqueries, strict=True):
            if text == "":
                _word_lexemes[word] = ()
            elif _TSQUERY.fullmatch(text):
                _word_lexemes[word] = tuple(_unescape(lexeme) for lexeme in _QUOTED.findall(text))
            else:
                _word_lexemes[word] = None


def word_lexemes(words: Iterable[str]) -> dict[str, tuple[str, ...] | None]:
    """Each word's lexemes as `plainto_tsquery('english', word)` makes them, asking PostgreSQL for those not known
    yet (callers that query the database anyway ask with LEXEMES_SQL then, saving a round trip)."""
    wanted = list(dict.fromkeys(words))
    missing = words_unknown(wanted)
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {LEXEMES_SQL}", [missing])
            row = cursor.fetchone()
        lexemes_remember(missing, row[0] if row else [])
    return {word: _word_lexemes.get(word) for word in wanted}


# A tsquery as PostgreSQL holds it: lexemes joined by && and ||.
class Lexeme(NamedTuple):
    text: str


class Both(NamedTuple):  # &&
    left: Node
    right: Node


class Either(NamedTuple):  # ||
    left: Node
    right: Node


Node = Lexeme | Both | Either


def _both(left: Node | None, right: Node | None) -> Node | None:
    """tsquery's && (an empty side gives the other side)."""
    return right if left is None else left if right is None else Both(left, right)


def _either(left: Node | None, right: Node | None) -> Node | None:
    """tsquery's || (an empty side gives the other side)."""
    return right if left is None else left if right is None else Either(left, right)


def _plain(lexemes: tuple[str, ...]) -> Node | None:
    node: Node | None = None
    for lexeme in lexemes:
        node = _both(node, Lexeme(lexeme))
    return node


def _match(node: Node, postings: dict[str, Postings]) -> int:
    if isinstance(node, Lexeme):
        found = postings.get(node.text)
        return found.bits if found is not None else 0
    left, right = _match(node.left, postings), _match(node.right, postings)
    return left & right if isinstance(node, Both) else left | right


def _lexemes_in(node: Node) -> set[str]:
    if isinstance(node, Lexeme):
        return {node.text}
    return _lexemes_in(node.left) | _lexemes_in(node.right)


@dataclass(frozen=True)
class Query:
    tree: Node | None
    lexemes: tuple[str, ...]  # every lexeme in it, sorted (by bytes, as tsrank.c sorts them) without repeats
    ranked_by_and: bool  # calc_rank ranks with calc_rank_and (an AND at the top, two or more lexemes)

    def matching(self, postings: dict[str, Postings]) -> int:
        """The documents that match (`@@`), as a bit set; an empty query matches nothing."""
        return _match(self.tree, postings) if self.tree is not None else 0


def query_build(correction: Correction, query: str) -> Query | None:
    """The query selectors._tsquery_sql asks PostgreSQL for: each word (or the whole query, when it has no words), OR
    its corrected spelling, all ANDed. None when a word's lexemes are not a plain AND (left to SQL)."""
    lexemes = word_lexemes(query_words(correction, query))
    tree: Node | None = None
    for word in _parts(correction, query):
        found = lexemes[word]
        if found is None:
            return None
        part = _plain(found)
        if word in correction.corrected:
            fixed = lexemes[correction.corrected[word]]
            if fixed is None:
                return None
            part = _either(part, _plain(fixed))
        tree = _both(tree, part)
    unique = tuple(sorted(_lexemes_in(tree), key=lambda lexeme: lexeme.encode())) if tree is not None else ()
    return Query(tree=tree, lexemes=unique, ranked_by_and=isinstance(tree, Both) and len(unique) > 1)


# calc_rank_and compares every position of every lexeme with every other's: in Python 5 to 15 us a service, so past
# this many matches PostgreSQL ranks them sooner (measured on 10,000 services: 180 matches took 1.1 ms either way;
# 2,285 took 13 ms here and 5 ms in PostgreSQL).
MAX_RANKED_BY_AND = 150


def ranks(
    query: Query, postings: dict[str, Postings], documents: int, listed: list[int] | None = None
) -> dict[int, float] | None:
    """`ts_rank(search_vector, query)` of each document in the bit set `documents` (which all match the query; `listed`
    are the same documents, when the caller has them in a list), as PostgreSQL works it out; None when PostgreSQL
    would do it sooner (more than MAX_RANKED_BY_AND by calc_rank_and)."""
    count = documents.bit_count()
    if query.ranked_by_and and count > MAX_RANKED_BY_AND:
        return None
    found = [postings.get(lexeme) for lexeme in query.lexemes]
    # Every matching document has one of the query's lexemes: each lexeme's postings in `documents`.
    within = _Within(documents, count, listed)
    if query.ranked_by_and:
        entries: dict[int, list[Sequence[int] | None]] = {}  # each document's entries for each lexeme
        for i, lexeme_postings in enumerate(found):
            if lexeme_postings is not None:
                flat, starts = lexeme_postings.entries, lexeme_postings.starts
                for j, document in within.postings(lexeme_postings):
                    entries.setdefault(document, [None] * len(found))[i] = flat[starts[j] : starts[j + 1]]
        return {document: rank_finish(rank_and(positions)) for document, positions in entries.items()}
    # calc_rank_or: the terms added up in the lexemes' order (the first float4(0 + term), kept), then the mean. Never
    # negative (every weight is), so calc_rank leaves it as it is.
    totals: dict[int, float] = {}
    for lexeme_postings in found:
        if lexeme_postings is not None:
            terms, single = lexeme_postings.terms, lexeme_postings.single
            for j, document in within.postings(lexeme_postings):
                totals[document] = float4(totals[document] + terms[j]) if document in totals else single[j]
    size = len(query.lexemes)
    if size == 1:
        return totals
    return dict(zip(totals, array("f", [total / size for total in totals.values()]), strict=True))


class _Within:
    """The documents of a bit set, found in postings."""

    def __init__(self, documents: int, count: int, listed: list[int] | None) -> None:
        self.documents, self.count = documents, count
        self._flags: bytes | None = None
        self._listed = listed

    def postings(self, postings: Postings) -> list[tuple[int, int]]:
        """(j, document) for the j-th document of `postings` when it is in the set."""
        using = postings.documents
        if self.count * 2 < len(using):  # fewer than half: look each one up
            if self._listed is None:
                self._listed = bitsets.set_bits(self.documents)
            found = []
            for document in self._listed:
                j = bisect_left(using, document)
                if j < len(using) and using[j] == document:
                    found.append((j, document))
            return found
        if self._flags is None:
            self._flags = self.documents.to_bytes((self.documents.bit_length() + 7) // 8, "little")
        flags, last = self._flags, len(self._flags) * 8
        return [
            (j, document)
            for j, document in enumerate(using)
            if document < last and (flags[document >> 3] >> (document & 7)) & 1
        ]
