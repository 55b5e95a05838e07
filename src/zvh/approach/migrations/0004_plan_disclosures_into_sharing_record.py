"""Plan disclosures move into the case's one sharing record (``casework.SharingRecord``, kinds
``plan_shared`` and ``plan_viewed``); the next migration deletes ``PlanDisclosure``. Each row
gets the number of the plan version in force when it was made (the first version if none was
yet). Backwards, the plan rows go back into ``PlanDisclosure`` and leave the sharing record."""

from django.db import migrations

KINDS = {"shared": "plan_shared", "viewed": "plan_viewed"}


def _version_at(PlanVersion, case_id, at):
    numbers = PlanVersion.objects.filter(plan__case_id=case_id).order_by("number")
    before = numbers.filter(created_at__lte=at).values_list("number", flat=True).last()
    if before is not None:
        return before
    return numbers.values_list("number", flat=True).first() or 0


def forwards(apps, schema_editor):
    PlanDisclosure = apps.get_model("approach", "PlanDisclosure")
    PlanVersion = apps.get_model("approach", "PlanVersion")
    SharingRecord = apps.get_model("casework", "SharingRecord")
    SharingRecord.objects.bulk_create(
        SharingRecord(
            case_id=row.case_id,
            organisation_id=row.organisation_id,
            kind=KINDS[row.kind],
            plan_version=_version_at(PlanVersion, row.case_id, row.at),
            shared_at=row.at,
            shared_by_id=row.by_id,
            purpose=row.purpose,
            shared=row.shared,
        )
        for row in PlanDisclosure.objects.order_by("pk").iterator()
    )
    PlanDisclosure.objects.all().delete()


def backwards(apps, schema_editor):
    PlanDisclosure = apps.get_model("approach", "PlanDisclosure")
    SharingRecord = apps.get_model("casework", "SharingRecord")
    rows = SharingRecord.objects.filter(kind__in=KINDS.values()).order_by("pk")
    kinds = {plan: old for old, plan in KINDS.items()}
    PlanDisclosure.objects.bulk_create(
        PlanDisclosure(
            case_id=row.case_id,
            organisation_id=row.organisation_id,
            kind=kinds[row.kind],
            at=row.shared_at,
            by_id=row.shared_by_id,
            purpose=row.purpose,
            shared=row.shared,
        )
        for row in rows.iterator()
    )
    rows.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("approach", "0003_monitoring_escalation_aftercare"),
        ("casework", "0005_sharing_record_for_plans_too"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
