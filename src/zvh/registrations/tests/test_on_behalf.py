"""The meldpunt registers on a partner's behalf (a phone call, an e-mail): who may start, edit
and submit such a draft, which Veiligheidshuis it goes to, and from when its term runs."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from freezegun import freeze_time

from zvh.access_log.enums import EventType, Purpose
from zvh.network.models import Organisation
from zvh.registrations.attachments import attachment_add
from zvh.registrations.models import Channel, Registration, StatusChange
from zvh.registrations.selectors import (
    meldpunt_drafts,
    registrations_for_registrant,
    registrations_visible_to,
)
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_start_on_behalf,
    registration_submit,
)
from zvh.registrations.status import Status

from .access_logging import assert_entry, last_sequence, the_entry_after
from .conftest import NOW, person_values

pytestmark = pytest.mark.django_db

POLICE = "Politie (demo)"
MUNICIPALITY_MST = "Gemeente Maastricht (demo)"  # a partner of Maastricht's network only


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _start(demo_users, houses, **overrides) -> Registration:
    arguments = {
        "recorded_by": demo_users["screener"],
        "veiligheidshuis": houses["MST"],
        "organisation": _organisation(POLICE),
        "registrant": None,
        "channel": Channel.PHONE,
        "received_at": NOW,
    }
    arguments.update(overrides)
    return registration_start_on_behalf(**arguments)


# --- starting -----------------------------------------------------------------------------------


def test_a_phone_call_starts_a_draft_of_the_partner_at_the_given_house(demo_users, houses):
    before = last_sequence()
    draft = _start(demo_users, houses)
    assert (draft.status, draft.channel, draft.reference) == (Status.DRAFT, Channel.PHONE, None)
    assert draft.veiligheidshuis == houses["MST"]
    assert draft.registrant_organisation.name == POLICE
    assert draft.registrant is None
    assert draft.recorded_by == demo_users["screener"]
    assert draft.received_at == NOW
    assert draft.deadline_at is None  # set on submission
    assert draft.contact_name == ""
    assert_entry(
        the_entry_after(before),
        event_type=EventType.CREATE,
        user=demo_users["screener"],
        purpose=Purpose.REGISTRATION,
        registrations=[draft],
        persons=draft.persons.all(),
        address="",  # no request
    )


def test_the_intake_listener_starts_an_email_draft_as_the_system(demo_users, houses):
    """recorded_by None: the e-mail intake; a known partner user fills the contact details."""
    before = last_sequence()
    partner = demo_users["aanmelder"]
    draft = _start(demo_users, houses, recorded_by=None, channel=Channel.EMAIL, registrant=partner)
    assert (draft.channel, draft.recorded_by, draft.registrant) == (Channel.EMAIL, None, partner)
    assert (draft.contact_name, draft.contact_email) == (partner.get_full_name(), partner.email)
    entry = the_entry_after(before)
    assert (entry.user_id, entry.event_type, entry.purpose) == (
        None,
        EventType.CREATE,
        Purpose.REGISTRATION,
    )
    assert entry.veiligheidshuis_id == houses["MST"].pk
    assert entry.objects_concerned[0]["id"] == str(draft.public_id)


@pytest.mark.parametrize("channel", [Channel.WEB_FORM, Channel.API, "fax"])
def test_only_phone_and_email_are_recorded_on_behalf(demo_users, houses, channel):
    with pytest.raises(ValidationError) as error:
        _start(demo_users, houses, channel=channel)
    assert error.value.error_dict["channel"][0].code == "channel_not_on_behalf"
    assert not Registration.objects.exists()


def test_the_partners_own_start_refuses_the_meldpunts_channels(registrant, municipalities):
    with pytest.raises(ValueError, match="on_behalf"):
        registration_start(
            registrant=registrant,
            municipality=municipalities["Maastricht"],
            token=None,
            channel=Channel.PHONE,
        )


def test_a_phone_call_needs_a_screener_of_that_house(demo_users, houses):
    with pytest.raises(PermissionDenied):
        _start(demo_users, houses, recorded_by=None)  # the system takes e-mails only
    for username in ("screener-sittard", "aanmelder", "regisseur", "manager"):
        with pytest.raises(PermissionDenied):
            _start(demo_users, houses, recorded_by=demo_users[username])
    assert not Registration.objects.exists()


def test_the_organisation_must_be_a_partner_in_the_houses_network(demo_users, houses):
    with pytest.raises(ValidationError) as error:
        _start(
            demo_users,
            houses,
            recorded_by=demo_users["screener-sittard"],
            veiligheidshuis=houses["STD"],
            organisation=_organisation(MUNICIPALITY_MST),
        )
    message = error.value.message_dict["organisation"][0]
    assert "is geen partner in het netwerk van" in message
    assert MUNICIPALITY_MST in message
    staff = _organisation("Zorg- en Veiligheidshuis Maastricht")
    with pytest.raises(ValidationError):
        _start(demo_users, houses, organisation=staff)
    assert not Registration.objects.exists()


def test_the_partner_user_must_be_a_registrant_of_that_organisation(demo_users, houses):
    for username in ("aanmelder-gemeente", "screener"):
        with pytest.raises(ValidationError) as error:
            _start(demo_users, houses, registrant=demo_users[username])
        assert "is geen aanmelder van Politie (demo)" in error.value.message_dict["registrant"][0]
    assert not Registration.objects.exists()


@freeze_time("2026-11-23 09:00:00")
def test_the_moment_of_receipt_is_not_in_the_future(demo_users, houses):
    with pytest.raises(ValidationError) as error:
        _start(demo_users, houses, received_at=NOW + timedelta(minutes=5))
    assert "toekomst" in error.value.message_dict["received_at"][0]


def test_the_same_token_opens_the_same_draft(demo_users, houses):
    token = uuid.uuid4()
    first = _start(demo_users, houses, token=token)
    assert _start(demo_users, houses, token=token).pk == first.pk
    assert Registration.objects.count() == 1
    with pytest.raises(PermissionDenied):  # another house's meldpunt cannot reach it
        _start(
            demo_users,
            houses,
            recorded_by=demo_users["screener-sittard"],
            veiligheidshuis=houses["STD"],
            token=token,
        )


# --- who edits ----------------------------------------------------------------------------------


def _fill(draft: Registration, by, municipality) -> Registration:
    main = draft.persons.get()
    return registration_save_draft(
        registration=draft,
        by=by,
        values={"reason": "Telefonisch doorgegeven zorgen."},
        persons=[PersonInput(id=main.pk, values=person_values(municipality))],
    )


def test_the_meldpunt_edits_its_draft_and_the_partner_does_not(demo_users, houses, municipalities):
    draft = _start(demo_users, houses)
    saved = _fill(draft, demo_users["screener"], municipalities["Maastricht"])
    assert saved.reason == "Telefonisch doorgegeven zorgen."
    for username in ("aanmelder", "screener-sittard", "regisseur"):
        with pytest.raises(PermissionDenied):
            _fill(draft, demo_users[username], municipalities["Maastricht"])
    with pytest.raises(PermissionDenied):
        attachment_add(
            registration=draft,
            by=demo_users["aanmelder"],
            upload=SimpleUploadedFile("notitie.txt", b"Gespreksnotitie", "text/plain"),
        )


def test_the_meldpunt_may_attach_the_callers_documents(demo_users, houses, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    draft = _start(demo_users, houses)
    attachment = attachment_add(
        registration=draft,
        by=demo_users["screener"],
        upload=SimpleUploadedFile("notitie.txt", b"Gespreksnotitie", "text/plain"),
    )
    assert attachment.registration_id == draft.pk


def test_a_screener_never_edits_a_partners_own_draft(make_draft, demo_users, municipalities):
    draft = make_draft(complete=False)
    with pytest.raises(PermissionDenied):
        _fill(draft, demo_users["screener"], municipalities["Maastricht"])
    with pytest.raises(PermissionDenied):
        registration_submit(registration=make_draft(), by=demo_users["screener"], now=NOW)
    # the partner keeps their own rule
    assert _fill(draft, demo_users["aanmelder"], municipalities["Maastricht"]).pk == draft.pk


def test_the_partner_sees_the_meldpunts_draft_only_once_submitted(make_draft, demo_users):
    partner, screener = demo_users["aanmelder"], demo_users["screener"]
    draft = make_draft(channel=Channel.PHONE)
    assert draft not in registrations_for_registrant(partner)
    assert draft not in registrations_visible_to(partner)
    assert draft in meldpunt_drafts(screener)
    assert draft in registrations_visible_to(screener)
    assert draft not in meldpunt_drafts(demo_users["screener-sittard"])
    assert draft not in registrations_visible_to(demo_users["regisseur"])
    registration_submit(registration=draft, by=screener, now=NOW)
    assert draft in registrations_for_registrant(partner)
    assert draft in registrations_visible_to(partner)
    assert draft not in meldpunt_drafts(screener)
    with pytest.raises(ValidationError):  # submitted: nobody edits it any more
        _fill(draft, screener, draft.persons.get().municipality)


# --- where it goes ------------------------------------------------------------------------------


def test_a_person_living_elsewhere_is_refused_in_dutch(demo_users, houses, municipalities):
    draft = _start(demo_users, houses)
    with pytest.raises(ValidationError) as error:
        _fill(draft, demo_users["screener"], municipalities["Sittard-Geleen"])
    message = error.value.message_dict["persons.0.municipality"][0]
    assert "Sittard-Geleen valt onder" in message
    assert f"niet onder {houses['MST'].name}" in message
    draft.refresh_from_db()
    assert draft.veiligheidshuis == houses["MST"]  # given, never moved


def test_a_phone_call_is_taken_where_the_web_form_is_not_offered(make_draft, demo_users):
    """Sittard offers only e-mail, Maastricht only the web form: the meldpunt's own channels
    are accepted at both."""
    for municipality, channel, screener in (
        ("Sittard-Geleen", Channel.PHONE, "screener-sittard"),
        ("Maastricht", Channel.EMAIL, "screener"),
    ):
        draft = make_draft(municipality=municipality, channel=channel)
        submitted = registration_submit(registration=draft, by=demo_users[screener], now=NOW)
        assert submitted.status == Status.RECEIVED


# --- submission ---------------------------------------------------------------------------------


@freeze_time("2026-11-26 14:00:00")  # the Thursday after the call
def test_the_deadline_runs_from_the_call_not_from_the_submission(make_draft, demo_users):
    from django.utils import timezone

    call = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday
    draft = make_draft(channel=Channel.PHONE, received_at=call)
    submitted = registration_submit(
        registration=draft, by=demo_users["screener"], now=timezone.now()
    )
    submitted.refresh_from_db()
    assert submitted.received_at == call
    assert submitted.deadline_at == call + timedelta(days=7)  # Maastricht: seven calendar days
    assert submitted.reference == "MST-2026-00001"


@freeze_time("2026-11-26 14:00:00")
def test_a_partners_own_draft_is_received_at_submission(make_draft, registrant):
    from django.utils import timezone

    submitted = registration_submit(registration=make_draft(), by=registrant, now=timezone.now())
    assert submitted.received_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)


def test_the_history_says_who_registered_by_phone(
    make_draft, demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    screener = demo_users["screener"]
    draft = make_draft(channel=Channel.PHONE)
    before = last_sequence()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = registration_submit(registration=draft, by=screener, now=NOW)
    change = StatusChange.objects.get(registration=submitted)
    assert (change.by, change.to_status) == (screener, Status.RECEIVED)
    assert change.why == "registered by phone by the meldpunt on behalf of the partner"
    assert_entry(
        the_entry_after(before),
        event_type=EventType.CREATE,
        user=screener,
        purpose=Purpose.REGISTRATION,
        registrations=[submitted],
        persons=submitted.persons.all(),
        address="",
    )
    acknowledgement = [m for m in mailoutbox if "contact.politie@example.org" in m.to]
    assert len(acknowledgement) == 1  # to the contact given on the form
    assert submitted.reference in acknowledgement[0].subject


def test_the_screener_completing_an_email_is_recorded(make_draft, demo_users, houses):
    draft = make_draft(channel=Channel.EMAIL, complete=False)
    Registration.objects.filter(pk=draft.pk).update(recorded_by=None)  # as the listener left it
    screener = demo_users["screener"]
    main = draft.persons.get()
    from .conftest import complete_values

    municipality = houses["MST"].municipalities.get(name="Maastricht")
    draft = registration_save_draft(
        registration=draft,
        by=screener,
        values=complete_values(
            draft, municipality, contact_name="Beller", contact_email="beller@example.org"
        ),
        persons=[PersonInput(id=main.pk, values=person_values(municipality))],
    )
    submitted = registration_submit(registration=draft, by=screener, now=NOW)
    assert submitted.recorded_by == screener
    assert StatusChange.objects.get(registration=submitted).why.startswith("received by e-mail")
