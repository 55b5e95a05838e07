"""The screeners' digest counts the drafts the meldpunt has yet to complete (``drafts_count``):
Veiligheidshuizen whose copy of the digest template is still the shipped one get the new
shipped text; a copy they edited is kept as it is (it still works: it just does not show the
count)."""

from django.db import migrations

#: The shipped digest templates before this migration: (subject, body) per language.
PREVIOUS = {
    "nl": (
        'Overzicht meldpunt {{ veiligheidshuis }} {{ today|date:"j F Y" }}',
        (
            "Openstaande aanmeldingen: {{ open_count }}; binnen twee werkdagen te beslissen: {{ "
            "due_soon_count }}; termijn verstreken: {{ overdue_count }}; wacht op informatie: {{ "
            "waiting_count }}.\n{% for item in items %}\n- {{ item.reference }}: uiterlijk {{ "
            'item.deadline_at|date:"l j F Y" }}{% endfor %}\n\nOpen de wachtrij in zvh:\n{{ url '
            "}}\n\n-- \nDit bericht is automatisch verstuurd door zvh; antwoorden worden niet "
            "gelezen. Om privacyredenen staan er geen persoonsgegevens in: log in op zvh om de "
            "aanmelding te lezen.\n"
        ),
    ),
    "en": (
        'Meldpunt digest {{ veiligheidshuis }} {{ today|date:"j F Y" }}',
        (
            "Open registrations: {{ open_count }}; to decide within two working days: {{ "
            "due_soon_count }}; deadline passed: {{ overdue_count }}; waiting for information: {{ "
            "waiting_count }}.\n{% for item in items %}\n- {{ item.reference }}: no later than {{ "
            'item.deadline_at|date:"l j F Y" }}{% endfor %}\n\nOpen the queue in zvh:\n{{ url }}\n'
            "\n-- \nThis message was sent automatically by zvh; replies are not read. For privacy "
            "reasons it contains no personal details: log in to zvh to read the registration.\n"
        ),
    ),
}


def forwards(apps, schema_editor):
    from zvh.notifications.defaults import DEFAULT_TEMPLATES

    MailTemplate = apps.get_model("notifications", "MailTemplate")
    for language, (subject, body) in PREVIOUS.items():
        new_subject, new_body = DEFAULT_TEMPLATES[("screener_digest", language)]
        MailTemplate.objects.filter(
            key="screener_digest", language=language, subject=subject, body=body
        ).update(subject=new_subject, body=new_body)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_deadline_notice_per_deadline")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
