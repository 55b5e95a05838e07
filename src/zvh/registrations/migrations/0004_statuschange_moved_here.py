"""The history (``StatusChange``) moves from triage to registrations, next to the status and its
transition table. Only Django's state moves: the table (``triage_statuschange``) and its rows
stay where they are. The status gains "closed"."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

STATUSES = [
    ("draft", "Draft"),
    ("received", "Received"),
    ("screening", "Screening"),
    ("waiting_for_information", "Waiting for information"),
    ("decided", "Decided"),
    ("closed", "Closed"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("registrations", "0003_queue_and_list_indexes"),
        # the table is created by triage's first migration and stays
        ("triage", "0002_decision_closed_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatusChange",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_status",
                            models.CharField(blank=True, choices=STATUSES, max_length=30),
                        ),
                        ("to_status", models.CharField(choices=STATUSES, max_length=30)),
                        ("at", models.DateTimeField()),
                        ("why", models.CharField(blank=True, max_length=300)),
                        (
                            "by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "registration",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="history",
                                to="registrations.registration",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "status change",
                        "verbose_name_plural": "status changes",
                        "ordering": ["registration", "at", "pk"],
                        "db_table": "triage_statuschange",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterField(
            model_name="registration",
            name="status",
            field=models.CharField(
                choices=STATUSES, default="draft", max_length=30, verbose_name="status"
            ),
        ),
    ]
