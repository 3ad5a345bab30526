from django.db import migrations

# Search results show each service's provider, and the search index (services.search_index) keeps the name it shows:
# renaming an organisation adds a version of the searchable data too (see 0005).
CREATE = """
CREATE TRIGGER services_organisation_search_index_version AFTER UPDATE OF name OR DELETE OR TRUNCATE
    ON services_organisation FOR EACH STATEMENT EXECUTE FUNCTION services_search_index_version_add();
"""
DROP = "DROP TRIGGER services_organisation_search_index_version ON services_organisation;"


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0005_search_index_version"),
    ]

    operations = [migrations.RunSQL(CREATE, DROP)]
