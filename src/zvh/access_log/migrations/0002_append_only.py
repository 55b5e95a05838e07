"""The chain's starting point, and the triggers that make the log append-only in the database.

Version 1 of the triggers (every DELETE rejected); migration 0003 replaces them with version 2,
which lets a retention purge through (see docs/decisions/0006-retention.md).
"""

from django.db import migrations

from zvh.access_log import triggers

GENESIS_HASH = "0" * 64


def create_head(apps, schema_editor):
    head_model = apps.get_model("access_log", "AccessLogChainHead")
    head_model.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"sequence": 0, "hash": GENESIS_HASH}
    )


def install_triggers(apps, schema_editor):
    for statement in triggers.install_sql(schema_editor.connection.vendor, version=1):
        schema_editor.execute(statement, params=None)


def drop_triggers(apps, schema_editor):
    for statement in triggers.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("access_log", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_triggers, drop_triggers),
    ]
