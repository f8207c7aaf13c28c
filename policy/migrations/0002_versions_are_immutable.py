"""The database itself refuses to change a published version of the handbook.

A version's text, number and publication facts never change; only `withdrawn_at` may be set
(a version scheduled for later, withdrawn before its day). Sections never change at all.
"""

from django.db import migrations

VERSION_COLUMNS = (
    "organisation_id, number, draft_revision, summary, is_material, acknowledge_within_days, effective_at, "
    "published_by_id, approved_by_id, created_at"
)
SECTION_COLUMNS = "version_id, key, position, title, body, html"

POSTGRES_CREATE = f"""
CREATE OR REPLACE FUNCTION policy_version_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A published version of the handbook cannot be changed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER policy_version_immutable
    BEFORE UPDATE OF {VERSION_COLUMNS} ON policy_version
    FOR EACH ROW EXECUTE FUNCTION policy_version_immutable();
CREATE TRIGGER policy_versionsection_immutable
    BEFORE UPDATE OF {SECTION_COLUMNS} ON policy_versionsection
    FOR EACH ROW EXECUTE FUNCTION policy_version_immutable();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS policy_version_immutable ON policy_version;
DROP TRIGGER IF EXISTS policy_versionsection_immutable ON policy_versionsection;
DROP FUNCTION IF EXISTS policy_version_immutable();
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER policy_version_immutable BEFORE UPDATE OF {VERSION_COLUMNS} ON policy_version
       BEGIN SELECT RAISE(ABORT, 'A published version of the handbook cannot be changed'); END;""",
    f"""CREATE TRIGGER policy_versionsection_immutable BEFORE UPDATE OF {SECTION_COLUMNS} ON policy_versionsection
       BEGIN SELECT RAISE(ABORT, 'A published version of the handbook cannot be changed'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS policy_version_immutable;",
    "DROP TRIGGER IF EXISTS policy_versionsection_immutable;",
]
# No delete triggers: Django's test flush empties tables with DELETE on SQLite, and an
# organisation's removal by platform staff cascades. The application refuses deletes.


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
