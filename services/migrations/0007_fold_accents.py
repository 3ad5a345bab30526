from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Search vectors and the spelling vocabulary are made from text without accents, as query words are
# (services.spelling.fold_accents has the same two strings): "cafe" finds a "Dementia café". translate() needs no
# extension (the embedded PostgreSQL has no unaccent).
CREATE = """
CREATE FUNCTION services_fold_accents(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate($1,
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ',
        'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzs')
$$;
"""
DROP = "DROP FUNCTION services_fold_accents(text);"


def refresh(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Every service's search vector and the vocabulary again, without accents."""
    from services.services import search_vocabulary_rebuild, service_search_index_refresh

    service_search_index_refresh()
    search_vocabulary_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_organisation_search_index_version"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
