"""Writes for the service directory's search: search vectors and vocabulary, and the directory version."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from time import time_ns

from django.core.cache import cache
from django.db import connection, transaction

from services.selectors.directory import DIRECTORY_VERSION_KEY

# name > categories (with their alternative names, the search's thesaurus) and provider > summary and description >
# eligibility (PostgreSQL weights A-D), without accents
# (services_unaccent: the unaccent extension through an immutable function, migration 0009).
_SEARCH_VECTOR_SQL = """
UPDATE services_service AS s SET search_vector =
    setweight(to_tsvector('english', services_unaccent(s.name || ' ' || s.alternate_name)), 'A')
    || setweight(to_tsvector('english', services_unaccent(coalesce((
        SELECT string_agg(t.name || ' ' || array_to_string(t.alternative_names, ' '), ' ')
        FROM services_service_categories AS sc JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
        WHERE sc.service_id = s.id), '') || ' ' || o.name)), 'B')
    || setweight(to_tsvector('english', services_unaccent(s.summary || ' ' || s.description)), 'C')
    || setweight(to_tsvector('english', services_unaccent(s.eligibility_description)), 'D')
FROM services_organisation AS o
WHERE o.id = s.organisation_id
"""

# The vocabulary "Did you mean" suggests from (selectors.query_correct): every word of 3+ letters in names,
# categories, providers, summaries and descriptions of services people can find, without accents, with the number
# of services using it.
_VOCABULARY_SQL = """
INSERT INTO services_searchword (word, frequency)
SELECT word, count(*) FROM (
    SELECT DISTINCT s.id, word
    FROM services_service AS s
    JOIN services_organisation AS o ON o.id = s.organisation_id
    CROSS JOIN LATERAL regexp_split_to_table(
        lower(services_unaccent(s.name || ' ' || s.alternate_name || ' ' || o.name || ' ' || s.summary
              || ' ' || s.description || ' ' || coalesce((
                                  SELECT string_agg(t.name || ' ' || array_to_string(t.alternative_names, ' '), ' ')
                                  FROM services_service_categories AS sc
                                  JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
                                  WHERE sc.service_id = s.id), ''))),
        '[^a-z]+') AS word
    WHERE s.status <> 'inactive'
) AS words
WHERE length(word) BETWEEN 3 AND 60
GROUP BY word
"""


def directory_version_bump() -> None:
    """Once the current transaction commits, move the directory version on (selectors.directory_version): every
    cache derived from the directory (result pages, category lists) is keyed by it."""

    def bump() -> None:
        cache.add(DIRECTORY_VERSION_KEY, time_ns(), timeout=None)
        cache.incr(DIRECTORY_VERSION_KEY)

    transaction.on_commit(bump)


def directory_index_refresh(
    *, service_ids: Sequence[int] | None = None, progress: Callable[[int], object] | None = None
) -> None:
    """After any change to services (all when `service_ids` is None): their search vectors, the vocabulary, and a
    new directory version once committed. `progress`, if given, is called with 1 as each of those 3 steps ends."""
    tick = progress or (lambda steps: None)
    with transaction.atomic(), connection.cursor() as cursor:
        if service_ids is None:
            cursor.execute(_SEARCH_VECTOR_SQL)
        elif service_ids:
            cursor.execute(_SEARCH_VECTOR_SQL + " AND s.id = ANY(%s)", [list(service_ids)])
        tick(1)
        cursor.execute("LOCK TABLE services_searchword")  # one rebuild at a time
        cursor.execute("DELETE FROM services_searchword")
        cursor.execute(_VOCABULARY_SQL)
        tick(1)
    directory_version_bump()
    tick(1)
