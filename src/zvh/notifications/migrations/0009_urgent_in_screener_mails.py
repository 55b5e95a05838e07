"""Urgent registrations said so in the screeners' mails (issue 14, point 1): the new-registration
mail's subject and body say "spoed" for an urgent registration, and the digest marks urgent items
and counts them. Veiligheidshuizen whose copy of these templates is still the shipped one get
the new shipped text; a copy they edited is kept (it still works, without the mention)."""

from django.db import migrations

#: The shipped templates before this migration: "key:language" -> (subject, body).
PREVIOUS = {
    "new_registration:en": (
        "New registration {{ reference }}",
        "A new registration {{ reference }} for {{ veiligheidshuis }} arrived "
        'on {{ received_at|date:"j F Y" }}.\n'
        '{% if deadline_at %}Reply deadline: {{ deadline_at|date:"l j F Y" '
        "}}.{% endif %}\n"
        "\n"
        "Open the registration in zvh:\n"
        "{{ url }}\n"
        "\n"
        "-- \n"
        "This message was sent automatically by zvh; replies are not read. "
        "For privacy reasons it contains no personal details: log in to zvh "
        "to read the registration.\n",
    ),
    "new_registration:nl": (
        "Nieuwe aanmelding {{ reference }}",
        'Op {{ received_at|date:"j F Y" }} is een nieuwe aanmelding {{ '
        "reference }} voor {{ veiligheidshuis }} binnengekomen.\n"
        '{% if deadline_at %}Uiterste reactiedatum: {{ deadline_at|date:"l j '
        'F Y" }}.{% endif %}\n'
        "\n"
        "Open de aanmelding in zvh:\n"
        "{{ url }}\n"
        "\n"
        "-- \n"
        "Dit bericht is automatisch verstuurd door zvh; antwoorden worden "
        "niet gelezen. Om privacyredenen staan er geen persoonsgegevens in: "
        "log in op zvh om de aanmelding te lezen.\n",
    ),
    "screener_digest:en": (
        'Meldpunt digest {{ veiligheidshuis }} {{ today|date:"j F Y" }}',
        "Open registrations: {{ open_count }}; to decide within two working "
        "days: {{ due_soon_count }}; deadline passed: {{ overdue_count }}; "
        "waiting for information: {{ waiting_count }}.\n"
        "{% if drafts_count %}To complete (received by phone or e-mail): {{ "
        "drafts_count }}.\n"
        "{% endif %}{% for item in items %}\n"
        '- {{ item.reference }}: no later than {{ item.deadline_at|date:"l j F '
        'Y" }}{% endfor %}\n'
        "\n"
        "Open the queue in zvh:\n"
        "{{ url }}\n"
        "\n"
        "-- \n"
        "This message was sent automatically by zvh; replies are not read. For "
        "privacy reasons it contains no personal details: log in to zvh to "
        "read the registration.\n",
    ),
    "screener_digest:nl": (
        'Overzicht meldpunt {{ veiligheidshuis }} {{ today|date:"j F Y" }}',
        "Openstaande aanmeldingen: {{ open_count }}; binnen twee werkdagen te "
        "beslissen: {{ due_soon_count }}; termijn verstreken: {{ overdue_count "
        "}}; wacht op informatie: {{ waiting_count }}.\n"
        "{% if drafts_count %}Te completeren (telefonisch of per e-mail "
        "ontvangen): {{ drafts_count }}.\n"
        "{% endif %}{% for item in items %}\n"
        '- {{ item.reference }}: uiterlijk {{ item.deadline_at|date:"l j F Y" '
        "}}{% endfor %}\n"
        "\n"
        "Open de wachtrij in zvh:\n"
        "{{ url }}\n"
        "\n"
        "-- \n"
        "Dit bericht is automatisch verstuurd door zvh; antwoorden worden niet "
        "gelezen. Om privacyredenen staan er geen persoonsgegevens in: log in "
        "op zvh om de aanmelding te lezen.\n",
    ),
}


def forwards(apps, schema_editor):
    from zvh.notifications.defaults import DEFAULT_TEMPLATES

    MailTemplate = apps.get_model("notifications", "MailTemplate")
    for name, (subject, body) in PREVIOUS.items():
        key, language = name.split(":")
        new_subject, new_body = DEFAULT_TEMPLATES[(key, language)]
        MailTemplate.objects.filter(key=key, language=language, subject=subject, body=body).update(
            subject=new_subject, body=new_body
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0008_mail_keys_of_casework_and_invitations")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
