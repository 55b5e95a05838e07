from django.db import migrations


def seed(apps, schema_editor):
    from zvh.casework.defaults import casework_defaults_seed

    Veiligheidshuis = apps.get_model("network", "Veiligheidshuis")
    for vh_id in Veiligheidshuis.objects.values_list("pk", flat=True):
        casework_defaults_seed(
            veiligheidshuis_id=vh_id,
            kind_model=apps.get_model("casework", "MeetingKind"),
            reason_model=apps.get_model("casework", "CloseReason"),
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
