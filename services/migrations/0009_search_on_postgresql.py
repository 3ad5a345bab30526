from django.apps.registry import Apps
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# unaccent() is only STABLE (its dictionary could change), so it cannot be used in an index or a stored vector; a
# wrapper naming the dictionary is IMMUTABLE, as the PostgreSQL documentation suggests.
UNACCENT = """
CREATE FUNCTION services_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT public.unaccent('public.unaccent'::regdictionary, $1)
$$;
"""

# The in-process search index and its versions (0005, 0006) are gone: searches run in PostgreSQL.
DROP_INDEX_VERSIONS = """
DROP TRIGGER services_service_search_index_version ON services_service;
DROP TRIGGER services_service_categories_search_index_version ON services_service_categories;
DROP TRIGGER services_serviceatlocation_search_index_version ON services_serviceatlocation;
DROP TRIGGER services_location_search_index_version ON services_location;
DROP TRIGGER services_organisation_search_index_version ON services_organisation;
DROP FUNCTION services_search_index_version_add();
DROP SEQUENCE services_search_index_version_seq;
"""


# The search vectors and vocabulary as they were made at this migration (services.services has today's: later
# migrations add what they read).
_SEARCH_VECTOR_SQL = """
UPDATE services_service AS s SET search_vector =
    setweight(to_tsvector('english', services_unaccent(s.name || ' ' || s.alternate_name)), 'A')
    || setweight(to_tsvector('english', services_unaccent(coalesce((
        SELECT string_agg(t.name, ' ')
        FROM services_service_categories AS sc JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
        WHERE sc.service_id = s.id), '') || ' ' || o.name)), 'B')
    || setweight(to_tsvector('english', services_unaccent(s.summary || ' ' || s.description)), 'C')
    || setweight(to_tsvector('english', services_unaccent(s.eligibility_description)), 'D')
FROM services_organisation AS o
WHERE o.id = s.organisation_id
"""

_VOCABULARY_SQL = """
INSERT INTO services_searchword (word, frequency)
SELECT word, count(*) FROM (
    SELECT DISTINCT s.id, word
    FROM services_service AS s
    JOIN services_organisation AS o ON o.id = s.organisation_id
    CROSS JOIN LATERAL regexp_split_to_table(
        lower(services_unaccent(s.name || ' ' || s.alternate_name || ' ' || o.name || ' ' || s.summary
              || ' ' || s.description || ' ' || coalesce((SELECT string_agg(t.name, ' ')
                                  FROM services_service_categories AS sc
                                  JOIN services_taxonomyterm AS t ON t.id = sc.taxonomyterm_id
                                  WHERE sc.service_id = s.id), ''))),
        '[^a-z]+') AS word
    WHERE s.status <> 'inactive'
) AS words
WHERE length(word) BETWEEN 3 AND 60
GROUP BY word
"""


def refresh(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every search vector and the vocabulary again, through unaccent."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(_SEARCH_VECTOR_SQL)
        cursor.execute("DELETE FROM services_searchword")
        cursor.execute(_VOCABULARY_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0008_service_localities"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunSQL(UNACCENT, "DROP FUNCTION services_unaccent(text);"),
        migrations.RunSQL(DROP_INDEX_VERSIONS, migrations.RunSQL.noop),
        migrations.DeleteModel(name="SearchIndexVersion"),
        migrations.RemoveIndex(model_name="service", name="service_no_place_cover"),
        migrations.RemoveIndex(model_name="service", name="service_status_cover"),
        migrations.RemoveField(model_name="service", name="has_place"),
        migrations.RemoveField(model_name="service", name="category_ids"),
        migrations.AddIndex(
            model_name="searchword",
            index=GinIndex(OpClass("word", name="gin_trgm_ops"), name="searchword_word_trgm"),
        ),
        migrations.RunPython(refresh, migrations.RunPython.noop),
        migrations.RunSQL("DROP FUNCTION services_fold_accents(text);", migrations.RunSQL.noop),
    ]
