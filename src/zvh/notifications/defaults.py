"""The shipped mail templates, in Dutch and English (seeded per Veiligheidshuis, and used when a
Veiligheidshuis has no own version). They were the file templates of the first release.

Template syntax is Django's, restricted to the tags ``if``, ``for`` and ``comment``, a few
filters (``date``, ``default``, ``pluralize``, …) and the variables listed in ``keys.VARIABLES``.
"""

from .keys import MailKey

_FOOTER = {
    "nl": (
        "Dit bericht is automatisch verstuurd door zvh; antwoorden worden niet gelezen. "
        "Om privacyredenen staan er geen persoonsgegevens in: log in op zvh om de aanmelding "
        "te lezen."
    ),
    "en": (
        "This message was sent automatically by zvh; replies are not read. For privacy reasons "
        "it contains no personal details: log in to zvh to read the registration."
    ),
}
_OPEN = {"nl": "Open de aanmelding in zvh:", "en": "Open the registration in zvh:"}
_DAY = '|date:"j F Y"'
_WEEKDAY = '|date:"l j F Y"'


def _body(
    language: str, text: str, *, link: str | None = None, footer: dict[str, str] = _FOOTER
) -> str:
    link = link if link is not None else _OPEN[language]
    return f"{text}\n\n{link}\n{{{{ url }}}}\n\n-- \n{footer[language]}\n"


_SUBJECT_REQUEST_FOOTER = {
    "nl": (
        "Dit bericht is automatisch verstuurd door zvh; antwoorden worden niet gelezen. "
        "Om privacyredenen staan er geen persoonsgegevens in: log in op zvh om het verzoek "
        "te lezen."
    ),
    "en": (
        "This message was sent automatically by zvh; replies are not read. For privacy reasons "
        "it contains no personal details: log in to zvh to read the request."
    ),
}
_OPEN_REQUEST = {"nl": "Open het verzoek in zvh:", "en": "Open the request in zvh:"}


def _subject_request_body(language: str, text: str) -> str:
    return _body(language, text, link=_OPEN_REQUEST[language], footer=_SUBJECT_REQUEST_FOOTER)


#: (key, language) -> (subject, body)
DEFAULT_TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    (MailKey.RECEIVED, "nl"): (
        "Aanmelding {{ reference }} ontvangen",
        _body(
            "nl",
            "{{ veiligheidshuis }} heeft uw aanmelding {{ reference }} op "
            f"{{{{ received_at{_DAY} }}}} ontvangen.\n"
            "{% if deadline_at %}U hoort uiterlijk op "
            f"{{{{ deadline_at{_WEEKDAY} }}}} hoe het verdergaat.{{% endif %}}",
        ),
    ),
    (MailKey.RECEIVED, "en"): (
        "Registration {{ reference }} received",
        _body(
            "en",
            "{{ veiligheidshuis }} received your registration {{ reference }} on "
            f"{{{{ received_at{_DAY} }}}}.\n"
            "{% if deadline_at %}You will hear about the follow-up no later than "
            f"{{{{ deadline_at{_WEEKDAY} }}}}.{{% endif %}}",
        ),
    ),
    (MailKey.INVITATION, "nl"): (
        "Uitnodiging voor zvh",
        "U bent uitgenodigd voor zvh{% if veiligheidshuis %}, het registratiesysteem van "
        "{{ veiligheidshuis }}{% endif %}.\n\n"
        "Kies via deze link uw wachtwoord; daarna stelt u uw tweede factor in:\n{{ url }}\n\n"
        f"De link werkt één keer en tot {{{{ valid_until{_DAY} }}}}.\n\n"
        "-- \nDit bericht is automatisch verstuurd door zvh; antwoorden worden niet gelezen. "
        "Verwachtte u deze uitnodiging niet, negeer dan dit bericht.\n",
    ),
    (MailKey.INVITATION, "en"): (
        "Invitation to zvh",
        "You have been invited to zvh{% if veiligheidshuis %}, the registration system of "
        "{{ veiligheidshuis }}{% endif %}.\n\n"
        "Choose your password with this link; next you set up your second factor:\n{{ url }}\n\n"
        f"The link works once and until {{{{ valid_until{_DAY} }}}}.\n\n"
        "-- \nThis message was sent automatically by zvh; replies are not read. "
        "If you did not expect this invitation, ignore this message.\n",
    ),
    (MailKey.NEW_REGISTRATION, "nl"): (
        "{% if urgent %}SPOED: {% endif %}Nieuwe aanmelding {{ reference }}",
        _body(
            "nl",
            "{% if urgent %}De aanmelder heeft deze aanmelding als spoed gemeld.\n{% endif %}"
            f"Op {{{{ received_at{_DAY} }}}} is een nieuwe aanmelding {{{{ reference }}}} voor "
            "{{ veiligheidshuis }} binnengekomen.\n"
            f"{{% if deadline_at %}}Uiterste reactiedatum: {{{{ deadline_at{_WEEKDAY} }}}}."
            "{% endif %}",
        ),
    ),
    (MailKey.NEW_REGISTRATION, "en"): (
        "{% if urgent %}URGENT: {% endif %}New registration {{ reference }}",
        _body(
            "en",
            "{% if urgent %}The registrant marked this registration as urgent.\n{% endif %}"
            "A new registration {{ reference }} for {{ veiligheidshuis }} arrived on "
            f"{{{{ received_at{_DAY} }}}}.\n"
            f"{{% if deadline_at %}}Reply deadline: {{{{ deadline_at{_WEEKDAY} }}}}.{{% endif %}}",
        ),
    ),
    (MailKey.INFORMATION_REQUESTED, "nl"): (
        "Meer informatie nodig voor {{ reference }}",
        _body(
            "nl",
            f"Het meldpunt van {{{{ veiligheidshuis }}}} heeft op {{{{ asked_at{_DAY} }}}} om "
            "meer informatie gevraagd over aanmelding {{ reference }}.\n"
            "Geef uw antwoord in zvh. De reactietermijn staat stil totdat u hebt geantwoord.",
        ),
    ),
    (MailKey.INFORMATION_REQUESTED, "en"): (
        "More information needed for {{ reference }}",
        _body(
            "en",
            f"On {{{{ asked_at{_DAY} }}}} the meldpunt of {{{{ veiligheidshuis }}}} asked for "
            "more information about registration {{ reference }}.\n"
            "Please answer in zvh. The reply term stands still until you have answered.",
        ),
    ),
    (MailKey.INFORMATION_ANSWERED, "nl"): (
        "Informatie ontvangen voor {{ reference }}",
        _body(
            "nl",
            f"De aanmelder heeft op {{{{ answered_at{_DAY} }}}} het verzoek om informatie over "
            "aanmelding {{ reference }} beantwoord.\n"
            "{% if deadline_at %}Nieuwe uiterste reactiedatum: "
            f"{{{{ deadline_at{_WEEKDAY} }}}}.{{% endif %}}",
        ),
    ),
    (MailKey.INFORMATION_ANSWERED, "en"): (
        "Information received for {{ reference }}",
        _body(
            "en",
            f"On {{{{ answered_at{_DAY} }}}} the registrant answered the request for information "
            "about registration {{ reference }}.\n"
            f"{{% if deadline_at %}}New reply deadline: {{{{ deadline_at{_WEEKDAY} }}}}."
            "{% endif %}",
        ),
    ),
    (MailKey.DECIDED, "nl"): (
        "Besluit over aanmelding {{ reference }}",
        _body(
            "nl",
            f"{{{{ veiligheidshuis }}}} heeft op {{{{ decided_at{_DAY} }}}} een besluit genomen "
            "over aanmelding {{ reference }}. Lees de uitkomst in zvh.",
        ),
    ),
    (MailKey.DECIDED, "en"): (
        "Decision on registration {{ reference }}",
        _body(
            "en",
            f"On {{{{ decided_at{_DAY} }}}} {{{{ veiligheidshuis }}}} decided on registration "
            "{{ reference }}. Read the outcome in zvh.",
        ),
    ),
    (MailKey.DEADLINE_REMINDER, "nl"): (
        'Herinnering: reactietermijn {{ reference }} verloopt {{ deadline_at|date:"l j F" }}',
        _body(
            "nl",
            'Over {{ working_days_left }} werkdag{{ working_days_left|pluralize:"en" }} '
            f"verloopt de reactietermijn van aanmelding {{{{ reference }}}} "
            f"({{{{ deadline_at{_WEEKDAY} }}}}). Er is nog geen besluit genomen.",
        ),
    ),
    (MailKey.DEADLINE_REMINDER, "en"): (
        'Reminder: reply deadline of {{ reference }} is {{ deadline_at|date:"l j F" }}',
        _body(
            "en",
            "The reply term of registration {{ reference }} ends in {{ working_days_left }} "
            f"working day{{{{ working_days_left|pluralize }}}} ({{{{ deadline_at{_WEEKDAY} }}}}). "
            "No decision has been taken yet.",
        ),
    ),
    (MailKey.DEADLINE_ESCALATION, "nl"): (
        "Reactietermijn verstreken: {{ reference }}",
        _body(
            "nl",
            f"De reactietermijn van aanmelding {{{{ reference }}}} bij {{{{ veiligheidshuis }}}} "
            f"is op {{{{ deadline_at{_WEEKDAY} }}}} verstreken zonder besluit.",
        ),
    ),
    (MailKey.DEADLINE_ESCALATION, "en"): (
        "Reply deadline passed: {{ reference }}",
        _body(
            "en",
            f"The reply term of registration {{{{ reference }}}} at {{{{ veiligheidshuis }}}} "
            f"ended on {{{{ deadline_at{_WEEKDAY} }}}} without a decision.",
        ),
    ),
    (MailKey.SCREENER_DIGEST, "nl"): (
        f"Overzicht meldpunt {{{{ veiligheidshuis }}}} {{{{ today{_DAY} }}}}",
        _body(
            "nl",
            "Openstaande aanmeldingen: {{ open_count }}; binnen twee werkdagen te beslissen: "
            "{{ due_soon_count }}; termijn verstreken: {{ overdue_count }}; wacht op "
            "informatie: {{ waiting_count }}.\n"
            "{% if drafts_count %}Te completeren (telefonisch of per e-mail ontvangen): "
            "{{ drafts_count }}.\n{% endif %}"
            "{% if urgent_count %}Met spoed gemeld: {{ urgent_count }}.\n{% endif %}"
            "{% for item in items %}\n"
            "- {{ item.reference }}{% if item.urgent %} (SPOED){% endif %}: "
            f"uiterlijk {{{{ item.deadline_at{_WEEKDAY} }}}}"
            "{% endfor %}",
            link="Open de wachtrij in zvh:",
        ),
    ),
    (MailKey.SCREENER_DIGEST, "en"): (
        f"Meldpunt digest {{{{ veiligheidshuis }}}} {{{{ today{_DAY} }}}}",
        _body(
            "en",
            "Open registrations: {{ open_count }}; to decide within two working days: "
            "{{ due_soon_count }}; deadline passed: {{ overdue_count }}; waiting for "
            "information: {{ waiting_count }}.\n"
            "{% if drafts_count %}To complete (received by phone or e-mail): "
            "{{ drafts_count }}.\n{% endif %}"
            "{% if urgent_count %}Marked urgent: {{ urgent_count }}.\n{% endif %}"
            "{% for item in items %}\n"
            "- {{ item.reference }}{% if item.urgent %} (URGENT){% endif %}: "
            f"no later than {{{{ item.deadline_at{_WEEKDAY} }}}}"
            "{% endfor %}",
            link="Open the queue in zvh:",
        ),
    ),
    (MailKey.SUBJECT_REQUEST_REMINDER, "nl"): (
        'Herinnering: termijn verzoek {{ reference }} verloopt {{ due_on|date:"l j F" }}',
        _subject_request_body(
            "nl",
            'Over {{ days_left }} dag{{ days_left|pluralize:"en" }} verloopt de wettelijke '
            f"termijn van verzoek {{{{ reference }}}} ({{{{ due_on{_WEEKDAY} }}}}). Het verzoek "
            "is nog niet beantwoord.",
        ),
    ),
    (MailKey.SUBJECT_REQUEST_REMINDER, "en"): (
        'Reminder: the term of request {{ reference }} ends {{ due_on|date:"l j F" }}',
        _subject_request_body(
            "en",
            "The legal term of request {{ reference }} ends in {{ days_left }} "
            f"day{{{{ days_left|pluralize }}}} ({{{{ due_on{_WEEKDAY} }}}}). The request has not "
            "been answered yet.",
        ),
    ),
    (MailKey.SUBJECT_REQUEST_OVERDUE, "nl"): (
        "Termijn verstreken: verzoek {{ reference }}",
        _subject_request_body(
            "nl",
            f"De wettelijke termijn van verzoek {{{{ reference }}}} bij {{{{ veiligheidshuis }}}} "
            f"is op {{{{ due_on{_WEEKDAY} }}}} verstreken zonder antwoord.",
        ),
    ),
    (MailKey.SUBJECT_REQUEST_OVERDUE, "en"): (
        "Term passed: request {{ reference }}",
        _subject_request_body(
            "en",
            f"The legal term of request {{{{ reference }}}} at {{{{ veiligheidshuis }}}} ended on "
            f"{{{{ due_on{_WEEKDAY} }}}} without an answer.",
        ),
    ),
}

_MOMENT = '|date:"l j F Y H:i"'
_OPEN_ITEM = {"nl": "Open het agendapunt in zvh:", "en": "Open the agenda item in zvh:"}
_OPEN_ACTIONS = {"nl": "Open uw afspraken in zvh:", "en": "Open your agreements in zvh:"}

DEFAULT_TEMPLATES.update(
    {
        (MailKey.MEETING_INVITATION, "nl"): (
            "Uitnodiging casusoverleg {{ case_reference }}",
            _body(
                "nl",
                "{{ veiligheidshuis }} nodigt u uit voor een overleg over casus "
                f"{{{{ case_reference }}}} op {{{{ meeting_at{_MOMENT} }}}}.\n"
                "De agenda-uitnodiging zit als bijlage bij dit bericht. Geef in zvh aan of u "
                "komt, niet komt of een collega stuurt.",
                link=_OPEN_ITEM["nl"],
            ),
        ),
        (MailKey.MEETING_INVITATION, "en"): (
            "Invitation to a case consultation {{ case_reference }}",
            _body(
                "en",
                "{{ veiligheidshuis }} invites you to a consultation on case "
                f"{{{{ case_reference }}}} on {{{{ meeting_at{_MOMENT} }}}}.\n"
                "The calendar invitation is attached. Answer in zvh whether you attend, "
                "decline or send a colleague.",
                link=_OPEN_ITEM["en"],
            ),
        ),
        (MailKey.MEETING_UPDATED, "nl"): (
            "Gewijzigd casusoverleg {{ case_reference }}",
            _body(
                "nl",
                "Het overleg over casus {{ case_reference }} van {{ veiligheidshuis }} is "
                f"gewijzigd. Het is nu op {{{{ meeting_at{_MOMENT} }}}}.\n"
                "De bijgewerkte agenda-uitnodiging zit als bijlage bij dit bericht.",
                link=_OPEN_ITEM["nl"],
            ),
        ),
        (MailKey.MEETING_UPDATED, "en"): (
            "Changed case consultation {{ case_reference }}",
            _body(
                "en",
                "The consultation on case {{ case_reference }} of {{ veiligheidshuis }} has "
                f"changed. It is now on {{{{ meeting_at{_MOMENT} }}}}.\n"
                "The updated calendar invitation is attached.",
                link=_OPEN_ITEM["en"],
            ),
        ),
        (MailKey.MEETING_CANCELLED, "nl"): (
            "Casusoverleg {{ case_reference }} gaat niet door",
            _body(
                "nl",
                "Het overleg over casus {{ case_reference }} van {{ veiligheidshuis }} op "
                f"{{{{ meeting_at{_MOMENT} }}}} gaat niet door.\n"
                "De afmelding voor uw agenda zit als bijlage bij dit bericht.",
                link=_OPEN_ITEM["nl"],
            ),
        ),
        (MailKey.MEETING_CANCELLED, "en"): (
            "Case consultation {{ case_reference }} cancelled",
            _body(
                "en",
                "The consultation on case {{ case_reference }} of {{ veiligheidshuis }} on "
                f"{{{{ meeting_at{_MOMENT} }}}} is cancelled.\n"
                "The cancellation for your calendar is attached.",
                link=_OPEN_ITEM["en"],
            ),
        ),
        (MailKey.AGREEMENT_REMINDER, "nl"): (
            "Herinnering afspraak casus {{ case_reference }}",
            _body(
                "nl",
                "Een afspraak uit het overleg over casus {{ case_reference }} van "
                f"{{{{ veiligheidshuis }}}} moet uiterlijk {{{{ due_on{_WEEKDAY} }}}} klaar zijn.",
                link=_OPEN_ACTIONS["nl"],
            ),
        ),
        (MailKey.AGREEMENT_REMINDER, "en"): (
            "Reminder: agreement on case {{ case_reference }}",
            _body(
                "en",
                "An agreement from the consultation on case {{ case_reference }} of "
                f"{{{{ veiligheidshuis }}}} is due on {{{{ due_on{_WEEKDAY} }}}}.",
                link=_OPEN_ACTIONS["en"],
            ),
        ),
        (MailKey.AGREEMENT_OVERDUE, "nl"): (
            "Afspraak verlopen: casus {{ case_reference }}",
            _body(
                "nl",
                "Een afspraak uit het overleg over casus {{ case_reference }} van "
                f"{{{{ veiligheidshuis }}}} had op {{{{ due_on{_WEEKDAY} }}}} klaar moeten zijn "
                "en is nog niet afgerond.",
                link=_OPEN_ITEM["nl"],
            ),
        ),
        (MailKey.AGREEMENT_OVERDUE, "en"): (
            "Agreement overdue: case {{ case_reference }}",
            _body(
                "en",
                "An agreement from the consultation on case {{ case_reference }} of "
                f"{{{{ veiligheidshuis }}}} was due on {{{{ due_on{_WEEKDAY} }}}} and is not "
                "done yet.",
                link=_OPEN_ITEM["en"],
            ),
        ),
        (MailKey.CASE_OUTCOME, "nl"): (
            "Uitkomst overleg over aanmelding {{ reference }}",
            _body(
                "nl",
                "{{ veiligheidshuis }} heeft uw aanmelding {{ reference }} in een overleg "
                "besproken. U leest de uitkomst in zvh.",
            ),
        ),
        (MailKey.CASE_OUTCOME, "en"): (
            "Outcome of the consultation on registration {{ reference }}",
            _body(
                "en",
                "{{ veiligheidshuis }} discussed your registration {{ reference }} in a "
                "consultation. Read the outcome in zvh.",
            ),
        ),
    }
)
