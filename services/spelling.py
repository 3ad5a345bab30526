"""Spelling correction for search words against the directory's own vocabulary.

The embedded PostgreSQL has no contrib extensions (no pg_trgm or fuzzystrmatch), so a misspelt word
is compared, in Python, with the words the directory actually uses (table `SearchWord`, a few
thousand words), by edit distance. The vocabulary is held in memory for a few minutes per process.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass

VOCABULARY_TTL_SECONDS = 300
MIN_WORD_LENGTH = 4
# Suffixes that make a word a form of a known word ("carer" is known when "carers" is).
_SUFFIXES = ("s", "es", "ies", "ing", "ed", "er", "ers", "al")

_lock = threading.Lock()
_cache: dict[str, tuple[float, dict[str, int]]] = {}
_versions: dict[str, int | None] = {}


def vocabulary(version: int | None = None) -> dict[str, int]:
    """word -> number of services using it.

    `version` is the directory cache version: when another process changes the directory, the version
    changes and this process reloads its copy at once instead of waiting for the time limit.
    """
    now = time.monotonic()
    cached = _cache.get("words")
    if cached and now - cached[0] < VOCABULARY_TTL_SECONDS and (version is None or _versions.get("words") == version):
        return cached[1]
    from services.models import SearchWord

    words = dict(SearchWord.objects.values_list("word", "frequency"))
    with _lock:
        _cache["words"] = (now, words)
        _versions["words"] = version
        _corrections.clear()
    return words


def vocabulary_invalidate() -> None:
    with _lock:
        _cache.clear()
        _corrections.clear()


# Corrections already worked out against the vocabulary in memory (cleared with it).
_corrections: dict[str, str | None] = {}
MAX_REMEMBERED_CORRECTIONS = 5000


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, giving up above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _is_known(word: str, words: dict[str, int]) -> bool:
    if word in words:
        return True
    # A form of a known word, either way round ("carer"/"carers", "dementias"/"dementia").
    if any(word + suffix in words for suffix in _SUFFIXES):
        return True
    return any(word.endswith(suffix) and word[: -len(suffix)] in words for suffix in _SUFFIXES)


def word_correct(word: str, words: dict[str, int]) -> str | None:
    """The closest vocabulary word to an unknown word, or None when it is known or nothing is close."""
    if len(word) < MIN_WORD_LENGTH or not word.isalpha() or _is_known(word, words):
        return None
    limit = 1 if len(word) <= 5 else 2
    best: tuple[int, int, str] | None = None
    for candidate, frequency in words.items():
        if abs(len(candidate) - len(word)) > limit or (candidate[0] != word[0] and limit == 1):
            continue
        distance = _edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -frequency, candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None


@dataclass(frozen=True)
class Correction:
    words: list[str]  # the query's words
    corrected: dict[str, str]  # misspelt word -> suggestion

    @property
    def suggestion(self) -> str | None:
        """The whole query with corrections applied, for "Did you mean"."""
        if not self.corrected:
            return None
        return " ".join(self.corrected.get(w, w) for w in self.words)


# Latin letters with accents and the letters without them (from Unicode's decompositions of U+00C0 to U+017F).
# Search vectors and the vocabulary are made from text without accents (the SQL function services_fold_accents,
# migration 0007, has these two strings), and so are query words: "cafe" finds a "Dementia café".
ACCENTED = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"  # Latin-1
    "ĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶ"  # Latin Extended-A
    "ķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ"
)
UNACCENTED = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyy"
    "AaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjK"
    "kLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzs"
)
_FOLD = str.maketrans(ACCENTED, UNACCENTED)


def fold_accents(text: str) -> str:
    """`text` with the accents taken off its Latin letters ("café" to "cafe"), as services_fold_accents does in SQL."""
    return text.translate(_FOLD)


_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
MAX_QUERY_WORDS = 12


def query_correct(query: str, *, version: int | None = None) -> Correction:
    words = _WORD_RE.findall(fold_accents(query).lower())[:MAX_QUERY_WORDS]
    if not words:
        return Correction(words=[], corrected={})
    vocab = vocabulary(version)
    corrected: dict[str, str] = {}
    for word in words:
        key = word.replace("'", "")
        if key in _corrections:
            fix = _corrections[key]
        else:
            fix = word_correct(key, vocab)
            if len(_corrections) < MAX_REMEMBERED_CORRECTIONS:
                _corrections[key] = fix
        if fix and fix != word:
            corrected[word] = fix
    return Correction(words=words, corrected=corrected)
