"""The screeners' digest also counts the phone calls and e-mails the meldpunt has yet to complete
(a count only), and goes when those are all there is; Veiligheidshuizen with their own version
of the template keep theirs, and still get their digest."""

import importlib
from datetime import UTC, datetime, timedelta

import pytest
from django.apps import apps

from zvh.network.models import Organisation
from zvh.notifications.deadline_jobs import screener_digests_send
from zvh.notifications.defaults import DEFAULT_TEMPLATES
from zvh.notifications.models import MailTemplate, OutgoingMail
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_start_on_behalf,
)
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

#: Monday 23 November 2026, 10:00 in Amsterdam.
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
DRAFTS_LINE = "Te completeren (telefonisch of per e-mail ontvangen): {}."


@pytest.fixture
def meldpunt_draft(houses, demo_users, municipalities):
    """``meldpunt_draft(vh, channel)``: a draft the meldpunt records for the police, with the
    registered person's name filled in."""

    def make(vh: str = "MST", channel: str = Channel.PHONE) -> Registration:
        house = houses[vh]
        screener = demo_users["screener" if vh == "MST" else "screener-sittard"]
        draft = registration_start_on_behalf(
            recorded_by=screener,
            veiligheidshuis=house,
            organisation=Organisation.objects.get(name="Politie (demo)"),
            registrant=None,
            channel=channel,
            received_at=MONDAY - timedelta(days=1),
        )
        place = house.municipalities.order_by("name").first()
        return registration_save_draft(
            registration=draft,
            by=screener,
            values={},
            persons=[
                PersonInput(
                    id=draft.persons.get().pk,
                    values={"given_names": "Fenna", "surname": "Zwartjes", "municipality": place},
                )
            ],
        )

    return make


def _digests() -> dict[str, OutgoingMail]:
    return {
        mail.veiligheidshuis.code: mail
        for mail in OutgoingMail.objects.filter(template_key="screener_digest")
    }


def test_drafts_to_complete_alone_bring_the_digest_with_their_count_only(
    meldpunt_draft, demo_users, municipalities
):
    meldpunt_draft(channel=Channel.PHONE)
    meldpunt_draft(channel=Channel.EMAIL)
    meldpunt_draft(vh="STD")
    # a partner's own draft is not the meldpunt's to complete
    registration_start(
        registrant=demo_users["aanmelder"],
        municipality=municipalities["Maastricht"],
        token=None,
        channel=Channel.WEB_FORM,
    )

    assert screener_digests_send(now=MONDAY) == 2
    digests = _digests()
    body = digests["MST"].body
    assert "Openstaande aanmeldingen: 0;" in body
    assert DRAFTS_LINE.format(2) in body
    assert DRAFTS_LINE.format(1) in digests["STD"].body
    for mail in digests.values():
        assert "Fenna" not in mail.body
        assert "Zwartjes" not in mail.body


def test_without_drafts_the_line_is_left_out_and_nothing_open_sends_nothing(houses, demo_users):
    assert screener_digests_send(now=MONDAY) == 0
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.RECEIVED,
        reference="MST-2026-00001",
        received_at=MONDAY,
        deadline_at=MONDAY + timedelta(days=7),
    )
    PersonFactory(registration=registration)
    assert screener_digests_send(now=MONDAY) == 1
    body = _digests()["MST"].body
    assert "Openstaande aanmeldingen: 1;" in body
    assert "Te completeren" not in body


def test_the_english_digest_counts_the_drafts_too(meldpunt_draft, houses):
    from zvh.notifications.template_services import render_mail

    rendered = render_mail(
        key="screener_digest",
        language="en",
        veiligheidshuis=houses["MST"],
        context={"open_count": 0, "drafts_count": 3, "items": [], "url": "https://x.invalid/"},
    )
    assert "To complete (received by phone or e-mail): 3." in rendered.body


def test_a_veiligheidshuis_with_its_own_digest_text_keeps_it_and_gets_its_digest(
    meldpunt_draft, houses
):
    own = MailTemplate.objects.get(
        veiligheidshuis=houses["MST"], key="screener_digest", language="nl"
    )
    own.body = "Open: {{ open_count }}."  # edited before drafts were counted
    own.save()
    meldpunt_draft()
    assert screener_digests_send(now=MONDAY) == 1
    assert _digests()["MST"].body == "Open: 0.\n"

    own.body = "Open: {{ open_count }}; te completeren: {{ drafts_count }}."  # allowed now
    own.save()
    assert screener_digests_send(now=MONDAY + timedelta(days=1)) == 1
    tuesday = OutgoingMail.objects.filter(template_key="screener_digest").order_by("-pk").first()
    assert tuesday.body == "Open: 0; te completeren: 1.\n"


def test_the_migration_updates_unedited_copies_only(houses):
    migration = importlib.import_module("zvh.notifications.migrations.0004_digest_counts_drafts")
    copies = MailTemplate.objects.filter(key="screener_digest")
    for template in copies:  # as seeded before this change
        template.subject, template.body = migration.PREVIOUS[template.language]
    MailTemplate.objects.bulk_update(copies, ["subject", "body"])
    edited = copies.get(veiligheidshuis=houses["STD"], language="nl")
    edited.body = "Eigen tekst: {{ open_count }}"
    edited.save()

    migration.forwards(apps, None)

    for template in MailTemplate.objects.filter(key="screener_digest"):
        if template.pk == edited.pk:
            assert template.body == "Eigen tekst: {{ open_count }}"
        else:
            assert (template.subject, template.body) == DEFAULT_TEMPLATES[
                ("screener_digest", template.language)
            ]
            assert "drafts_count" in template.body
