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


def refresh(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every search vector and the vocabulary again, through unaccent."""
    from services.services import _SEARCH_VECTOR_SQL, _VOCABULARY_SQL

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
