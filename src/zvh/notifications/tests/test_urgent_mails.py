"""The screeners' mails say when a registration is urgent (issue 14, point 1): the new
registration's subject and body, and the digest's items and count. Still no personal data: the
reference, "spoed" and a link; never why it is urgent."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps

from zvh.notifications.deadline_jobs import screener_digests_send
from zvh.notifications.defaults import DEFAULT_TEMPLATES
from zvh.notifications.models import MailTemplate, OutgoingMail
from zvh.notifications.services import notify_registration_received
from zvh.notifications.template_services import render_mail
from zvh.registrations.models import Registration, Urgency
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

#: Monday 23 November 2026, 10:00 in Amsterdam.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
WHY = "Dreigt vandaag uit huis gezet te worden"


@pytest.fixture
def make(houses, demo_users):
    def _make(reference: str, *, urgency: str = Urgency.NORMAL, days_ago: int = 1) -> Registration:
        received = MONDAY - timedelta(days=days_ago)
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=houses["MST"],
            status=Status.RECEIVED,
            reference=reference,
            received_at=received,
            deadline_at=received + timedelta(days=7),
            urgency=urgency,
            urgency_explanation=WHY if urgency == Urgency.URGENT else "",
        )
        PersonFactory(registration=registration, given_names="Fenna", surname="Zwartjes")
        return registration

    return _make


def _new_registration_mail(registration: Registration) -> OutgoingMail:
    notify_registration_received(registration=registration)
    return OutgoingMail.objects.get(
        template_key="new_registration", registration=registration, language="nl"
    )


def test_the_meldpunt_is_told_a_new_registration_is_urgent(make):
    mail = _new_registration_mail(make("MST-2026-00050", urgency=Urgency.URGENT))
    assert mail.subject == "SPOED: Nieuwe aanmelding MST-2026-00050"
    assert mail.body.startswith("De aanmelder heeft deze aanmelding als spoed gemeld.\n")
    for personal in (WHY, "Fenna", "Zwartjes"):
        assert personal not in mail.subject + mail.body


def test_a_normal_registration_says_nothing_about_urgency(make):
    mail = _new_registration_mail(make("MST-2026-00051"))
    assert mail.subject == "Nieuwe aanmelding MST-2026-00051"
    assert "spoed" not in mail.body.lower()


def test_the_english_mail_says_urgent(houses):
    rendered = render_mail(
        key="new_registration",
        language="en",
        veiligheidshuis=None,
        context={"reference": "MST-2026-00052", "urgent": True, "url": "https://x.invalid/"},
    )
    assert rendered.subject == "URGENT: New registration MST-2026-00052"
    assert "The registrant marked this registration as urgent." in rendered.body


def test_the_digest_marks_urgent_items_and_counts_them(make):
    make("MST-2026-00060", urgency=Urgency.URGENT, days_ago=10)  # overdue and urgent
    make("MST-2026-00061", days_ago=10)  # overdue
    make("MST-2026-00062", urgency=Urgency.URGENT, days_ago=0)  # urgent, not due yet
    assert screener_digests_send(now=MONDAY) == 1
    body = OutgoingMail.objects.get(template_key="screener_digest").body
    assert "Met spoed gemeld: 2." in body
    assert "- MST-2026-00060 (SPOED): uiterlijk" in body
    assert "- MST-2026-00061: uiterlijk" in body
    assert WHY not in body


def test_shipped_copies_get_the_new_text_and_edited_ones_are_kept(houses):
    """The migration: a Veiligheidshuis's unedited copy gets the mention, an edited one stays."""
    migration = importlib.import_module(
        "zvh.notifications.migrations.0009_urgent_in_screener_mails"
    )
    mst = MailTemplate.objects.get(
        veiligheidshuis=houses["MST"], key="new_registration", language="nl"
    )
    std = MailTemplate.objects.get(
        veiligheidshuis=houses["STD"], key="new_registration", language="nl"
    )
    old_subject, old_body = migration.PREVIOUS["new_registration:nl"]
    MailTemplate.objects.filter(pk=mst.pk).update(subject=old_subject, body=old_body)
    MailTemplate.objects.filter(pk=std.pk).update(subject="Eigen tekst {{ reference }}")
    migration.forwards(apps, None)
    mst.refresh_from_db()
    std.refresh_from_db()
    assert (mst.subject, mst.body) == DEFAULT_TEMPLATES[("new_registration", "nl")]
    assert std.subject == "Eigen tekst {{ reference }}"
