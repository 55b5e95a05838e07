"""The mails about data-subject requests' terms; every existing Veiligheidshuis gets their
shipped templates (new ones get them on creation)."""

from django.db import migrations, models

NEW_KEYS = ("subject_request_reminder", "subject_request_overdue")


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
                if key in NEW_KEYS
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_digest_counts_drafts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailtemplate",
            name="key",
            field=models.CharField(
                choices=[
                    ("received", "Acknowledgement to the registrant"),
                    ("new_registration", "New registration, to the meldpunt"),
                    ("information_requested", "Request for information"),
                    ("information_answered", "Answer to a request for information"),
                    ("decided", "Decision"),
                    ("deadline_reminder", "Deadline reminder to the meldpunt"),
                    ("deadline_escalation", "Escalation of a passed deadline"),
                    ("screener_digest", "Daily digest for screeners"),
                    (
                        "subject_request_reminder",
                        "Reminder of a data subject request's term, to the privacy officers",
                    ),
                    (
                        "subject_request_overdue",
                        "A data subject request's term has passed, to the privacy officers",
                    ),
                ],
                max_length=40,
                verbose_name="mail",
            ),
        ),
        migrations.AlterField(
            model_name="outgoingmail",
            name="template_key",
            field=models.CharField(
                choices=[
                    ("received", "Acknowledgement to the registrant"),
                    ("new_registration", "New registration, to the meldpunt"),
                    ("information_requested", "Request for information"),
                    ("information_answered", "Answer to a request for information"),
                    ("decided", "Decision"),
                    ("deadline_reminder", "Deadline reminder to the meldpunt"),
                    ("deadline_escalation", "Escalation of a passed deadline"),
                    ("screener_digest", "Daily digest for screeners"),
                    (
                        "subject_request_reminder",
                        "Reminder of a data subject request's term, to the privacy officers",
                    ),
                    (
                        "subject_request_overdue",
                        "A data subject request's term has passed, to the privacy officers",
                    ),
                ],
                max_length=40,
                verbose_name="mail",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
