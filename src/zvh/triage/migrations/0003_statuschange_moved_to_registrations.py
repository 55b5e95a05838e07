"""The history (``StatusChange``) now belongs to registrations (its migration 0004 takes over the
state); the table and its rows stay. Its content type (and so its permissions) follows."""

from django.db import migrations


def content_type_follows(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="registrations", model="statuschange").exists():
        ContentType.objects.filter(app_label="triage", model="statuschange").update(
            app_label="registrations"
        )


def content_type_returns(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="triage", model="statuschange").exists():
        ContentType.objects.filter(app_label="registrations", model="statuschange").update(
            app_label="triage"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("triage", "0002_decision_closed_at"),
        ("registrations", "0004_statuschange_moved_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StatusChange")],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
