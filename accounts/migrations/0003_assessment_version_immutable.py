"""Submitted self-assessments are immutable: PostgreSQL refuses any UPDATE of a version row."""

from __future__ import annotations

from django.db import migrations

CREATE = """
CREATE FUNCTION accounts_assessmentversion_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a submitted self-assessment cannot be changed; submit a new version instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER accounts_assessmentversion_immutable
    BEFORE UPDATE ON accounts_assessmentversion
    FOR EACH ROW EXECUTE FUNCTION accounts_assessmentversion_refuse_update();
"""
DROP = """
DROP TRIGGER IF EXISTS accounts_assessmentversion_immutable ON accounts_assessmentversion;
DROP FUNCTION IF EXISTS accounts_assessmentversion_refuse_update();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_carers")]

    operations = [migrations.RunSQL(CREATE, DROP)]
