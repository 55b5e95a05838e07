"""Trigram (pg_trgm) indexes for the spelling-tolerant name search on PostgreSQL.

The queue's person search filters ``surname_key``/``given_key`` with ``LIKE '%…%'``
(``__contains``), which no B-tree can serve; a GIN trigram index can. No-op on SQLite.
Kept in the bench app so the work that the benchmarks point at does not clash with the apps'
own migrations.
"""

from django.db import migrations

INDEXES = (
    ("person_surname_key_trgm", "surname_key"),
    ("person_given_key_trgm", "given_key"),
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON registrations_person "
            f"USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registrations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
