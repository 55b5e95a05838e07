from django.db import migrations


def seed(apps, schema_editor):
    from zvh.approach.defaults import approach_defaults_seed

    Veiligheidshuis = apps.get_model("network", "Veiligheidshuis")
    for vh_id in Veiligheidshuis.objects.values_list("pk", flat=True):
        approach_defaults_seed(
            veiligheidshuis_id=vh_id,
            scale_model=apps.get_model("approach", "ScaleLevel"),
            measure_model=apps.get_model("approach", "Measure"),
        )


class Migration(migrations.Migration):
    dependencies = [("approach", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
