import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_defaults")]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="agreements",
                to="casework.agendaitem",
            ),
        ),
    ]
