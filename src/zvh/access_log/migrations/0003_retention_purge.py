"""Retention checkpoints, and version 2 of the triggers: a DELETE of entries passes only for
entries older than five years (database clock) that a checkpoint covers (``triggers.py``)."""

from django.db import migrations, models

from zvh.access_log import triggers


def _swap(version):
    def run(apps, schema_editor):
        for statement in triggers.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)
        for statement in triggers.install_sql(schema_editor.connection.vendor, version=version):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("access_log", "0002_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="AccessLogCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sequence", models.PositiveBigIntegerField(unique=True)),
                ("hash", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField()),
                ("removed", models.PositiveBigIntegerField()),
                ("cutoff", models.DateTimeField()),
            ],
            options={
                "ordering": ["sequence"],
            },
        ),
        migrations.RunPython(_swap(2), _swap(1)),
    ]
