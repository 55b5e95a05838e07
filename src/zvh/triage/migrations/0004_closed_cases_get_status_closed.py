"""A closed case (``Decision.closed_at`` set) was a decided registration with a hand-written
"case closed" history row from decided to decided. "Closed" is now a status of its own: such
registrations move to it, and their closing row becomes the move decided → closed (a closed case
without that row gets one, at its closing date). Backwards, the reverse."""

from django.db import migrations
from django.db.models import F

CLOSED_WHY = "case closed"


def closed_cases_to_closed(apps, schema_editor):
    Decision = apps.get_model("triage", "Decision")
    Registration = apps.get_model("registrations", "Registration")
    StatusChange = apps.get_model("registrations", "StatusChange")
    closed = Decision.objects.filter(closed_at__isnull=False, registration__status="decided")
    for decision in closed.iterator():
        rows = StatusChange.objects.filter(
            registration_id=decision.registration_id,
            from_status="decided",
            to_status="decided",
            why=CLOSED_WHY,
        )
        if not rows.update(to_status="closed"):
            StatusChange.objects.create(
                registration_id=decision.registration_id,
                from_status="decided",
                to_status="closed",
                at=decision.closed_at,
                by=None,
                why=CLOSED_WHY,
            )
        Registration.objects.filter(pk=decision.registration_id).update(
            status="closed", version=F("version") + 1
        )


def closed_cases_to_decided(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    StatusChange = apps.get_model("registrations", "StatusChange")
    StatusChange.objects.filter(from_status="decided", to_status="closed").update(
        to_status="decided"
    )
    Registration.objects.filter(status="closed").update(status="decided", version=F("version") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0003_statuschange_moved_to_registrations"),
    ]

    operations = [
        migrations.RunPython(closed_cases_to_closed, closed_cases_to_decided),
    ]
