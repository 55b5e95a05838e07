"""Mail templates: seeded per Veiligheidshuis in Dutch and English, editable, validated (syntax,
tags, variables), previewed with example data in the admin, and used for the mails."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from zvh.notifications.defaults import DEFAULT_TEMPLATES
from zvh.notifications.keys import MailKey
from zvh.notifications.models import MailTemplate, OutgoingMail
from zvh.notifications.services import notify_decision
from zvh.notifications.template_services import mail_template_preview, render_mail
from zvh.notifications.templating import validate_template_source
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import RegistrationFactory


@pytest.fixture
def registration(houses, demo_users):
    return RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.DECIDED,
        reference="MST-2026-00042",
        received_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
        deadline_at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
        decided_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC),
    )


def test_every_veiligheidshuis_gets_every_mail_in_dutch_and_english(houses):
    for vh in houses.values():
        have = set(vh.mail_templates.values_list("key", "language"))
        assert have == {(key, lang) for key in MailKey for lang in ("nl", "en")}
    assert set(DEFAULT_TEMPLATES) == {(key, lang) for key in MailKey for lang in ("nl", "en")}


@pytest.mark.parametrize(("key", "language"), sorted(DEFAULT_TEMPLATES))
def test_every_shipped_template_is_valid_and_renders(key, language, houses):
    template = MailTemplate.objects.get(veiligheidshuis=houses["MST"], key=key, language=language)
    rendered = mail_template_preview(template=template)
    assert rendered.subject
    assert "\n" not in rendered.subject
    assert "https://" in rendered.body or "http://" in rendered.body
    assert "{{" not in rendered.body
    assert "{%" not in rendered.body


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Aanmelding {{ }}", "The template has an error"),
        ("{{ reference|nonexistent }}", "The template has an error"),
        ("{% if reference %}open", "The template has an error"),
        ("{% load i18n %}{{ reference }}", "The template has an error"),
        ('{% include "notifications/secret.txt" %}', "The template has an error"),
        ("{% debug %}", "The template has an error"),
        ("{{ registration.persons.all }}", "registration"),
        ("{{ user.email }}", "user"),
        ("{% if request.user %}x{% endif %}", "request"),
        ("{% for p in persons %}{{ p }}{% endfor %}", "persons"),
        ("{{ reference|default:settings.SECRET_KEY }}", "settings"),
        ("{{ reference|safe }}", "The template has an error"),
    ],
)
def test_a_template_using_anything_else_is_refused(source, message):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_template_source(key=MailKey.DECIDED, source=source)
    assert message in refused.value.messages[0]


def test_the_refusal_names_what_is_allowed():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_template_source(key=MailKey.DECIDED, source="{{ registration.reason }}")
    assert refused.value.messages == [
        "The template uses registration, which this mail does not offer. Allowed: deadline_at, "
        "decided_at, received_at, reference, url, veiligheidshuis."
    ]
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        validate_template_source(key=MailKey.DECIDED, source="{{ registration.reason }}")
    assert refused.value.messages[0].startswith(
        "Het sjabloon gebruikt registration, maar dat biedt deze mail niet."
    )


def test_allowed_variables_tags_and_loops_pass():
    validate_template_source(
        key=MailKey.SCREENER_DIGEST,
        source="{% for item in items %}{{ forloop.counter }} {{ item.reference|upper }} "
        '{{ item.deadline_at|date:"j F" }}{% empty %}-{% endfor %}{% if open_count > 1 %}x'
        "{% endif %}{# comment #}",
    )


def test_saving_validates_the_template(houses):
    template = MailTemplate.objects.get(veiligheidshuis=houses["MST"], key="decided", language="nl")
    template.body = "Besluit over {{ registration.persons.first.surname }}"
    with pytest.raises(ValidationError) as refused:
        template.save()
    assert "body" in refused.value.message_dict
    template.refresh_from_db()
    assert "registration" not in template.body


@pytest.mark.django_db(transaction=True)
def test_an_edited_template_is_used_for_that_veiligheidshuis_only(
    registration, houses, demo_users, smtp_server
):
    MailTemplate.objects.filter(veiligheidshuis=houses["MST"], key="decided", language="nl").update(
        subject="Besloten: {{ reference }}", body="Zie {{ url }} ({{ veiligheidshuis }})"
    )
    notify_decision(registration=registration)
    (message,) = smtp_server.messages
    assert message["Subject"] == "Besloten: MST-2026-00042"
    assert message.text.startswith("Zie http")
    assert "(Veiligheidshuis Maastricht)" in message.text
    sittard = render_mail(
        key="decided", language="nl", veiligheidshuis=houses["STD"], context={"reference": "X"}
    )
    assert sittard.subject == "Besluit over aanmelding X"


def test_the_language_picks_the_template(registration, settings):
    settings.LANGUAGE_CODE = "en"
    notify_decision(registration=registration)
    mail = OutgoingMail.objects.get()
    assert (mail.language, mail.subject) == ("en", "Decision on registration MST-2026-00042")
    assert "On 27 November 2026" in mail.body


def test_a_stored_template_that_no_longer_validates_falls_back_to_the_shipped_one(houses):
    MailTemplate.objects.filter(veiligheidshuis=houses["MST"], key="decided", language="nl").update(
        subject="{{ registration.persons }}"
    )  # bypassing save(): e.g. an old row
    rendered = render_mail(
        key="decided", language="nl", veiligheidshuis=houses["MST"], context={"reference": "R-1"}
    )
    assert rendered.subject == "Besluit over aanmelding R-1"


def test_the_admin_previews_and_refuses_an_invalid_edit(houses, demo_users, login):
    client = login(demo_users["beheerder"])
    template = MailTemplate.objects.get(
        veiligheidshuis=houses["MST"], key="received", language="en"
    )
    url = reverse("admin:notifications_mailtemplate_change", args=[template.pk])
    page = client.get(url)
    assert page.status_code == 200
    # The preview: made-up reference, the Veiligheidshuis's own name, English dates.
    assert "Registration VBD-2026-00042 received" in page.text
    assert "received your registration VBD-2026-00042 on 23 November 2026" in page.text
    assert "{{ reference }}" in page.text  # the allowed variables are listed

    data = {
        "veiligheidshuis": houses["MST"].pk,
        "key": "received",
        "language": "en",
        "subject": "Registration {{ reference }} received",
        "body": "{% load i18n %}{{ registration.persons }}",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Het sjabloon bevat een fout" in refused.text  # the admin speaks Dutch
    template.refresh_from_db()
    assert "load" not in template.body

    data["body"] = "Received {{ reference }}: {{ url }}"
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.body == "Received {{ reference }}: {{ url }}"

    # Another Veiligheidshuis's templates are out of reach.
    other = MailTemplate.objects.get(veiligheidshuis=houses["STD"], key="received", language="en")
    assert client.get(
        reverse("admin:notifications_mailtemplate_change", args=[other.pk])
    ).status_code in (302, 404)
