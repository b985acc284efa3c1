"""PostgreSQL full-text search for job posts: a trigger keeps `search_vector` current on every write
path (save, update, bulk_create, raw SQL), a GIN index serves `@@` queries. No-op on other databases."""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION marketplace_jobpost_search_vector() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
            setweight(to_tsvector('english', coalesce(NEW.description, '')), 'B');
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS marketplace_jobpost_search_vector_trg ON marketplace_jobpost;",
    """
    CREATE TRIGGER marketplace_jobpost_search_vector_trg
    BEFORE INSERT OR UPDATE ON marketplace_jobpost
    FOR EACH ROW EXECUTE FUNCTION marketplace_jobpost_search_vector();
    """,
    # Backfill rows written before the trigger existed.
    "UPDATE marketplace_jobpost SET title = title;",
    "CREATE INDEX IF NOT EXISTS job_search_vector_gin ON marketplace_jobpost USING gin (search_vector);",
]

BACKWARD = [
    "DROP INDEX IF EXISTS job_search_vector_gin;",
    "DROP TRIGGER IF EXISTS marketplace_jobpost_search_vector_trg ON marketplace_jobpost;",
    "DROP FUNCTION IF EXISTS marketplace_jobpost_search_vector();",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_search_and_audit")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
