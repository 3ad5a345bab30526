from django.db import migrations

# Search vectors and the spelling vocabulary are made from text without accents, as query words are
# (services.spelling.fold_accents has the same two strings): "cafe" finds a "Dementia café". translate() needs no
# extension (the embedded PostgreSQL has no unaccent). Replaced by unaccent in 0008, which rebuilds the vectors.
CREATE = """
CREATE FUNCTION services_fold_accents(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate($1,
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſ',
        'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzs')
$$;
"""
DROP = "DROP FUNCTION services_fold_accents(text);"


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0006_organisation_search_index_version"),
    ]

    operations = [
        migrations.RunSQL(CREATE, DROP),
    ]
