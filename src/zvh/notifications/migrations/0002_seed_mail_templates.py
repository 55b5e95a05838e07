"""Every existing Veiligheidshuis gets the shipped mail templates (new ones get them on creation)."""

from django.db import migrations


def seed(apps, schema_editor):
    from zvh.notifications.defaults import DEFAULT_TEMPLATES

    Veiligheidshuis = apps.get_model("network", "Veiligheidshuis")
    MailTemplate = apps.get_model("notifications", "MailTemplate")
    for vh in Veiligheidshuis.objects.all():
        MailTemplate.objects.bulk_create(
            [
                MailTemplate(
                    veiligheidshuis=vh, key=key, language=language, subject=subject, body=body
                )
                for (key, language), (subject, body) in DEFAULT_TEMPLATES.items()
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
