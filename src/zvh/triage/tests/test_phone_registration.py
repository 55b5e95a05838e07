"""The meldpunt registers a phone call on a partner's behalf, through the pages: the call, the
registrants' own form, submission, and what the queue, the partner and the mail show."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zvh.network.models import Organisation
from zvh.notifications.models import OutgoingMail
from zvh.registrations.models import Channel, Registration, StatusChange
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start_on_behalf,
)
from zvh.registrations.status import Status
from zvh.registrations.tests.test_form import _edit_data

pytestmark = pytest.mark.django_db

PHONE = reverse("triage:phone")
QUEUE = reverse("triage:queue")
#: The call: Monday 23 November 2026, 10:15 Dutch time.
CALL = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


def _police() -> Organisation:
    return Organisation.objects.get(name="Politie (demo)")


def _call_data(page_text: str, municipality, **overrides) -> dict:
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', page_text).group(1)
    data = {
        "token": token,
        "organisation": str(_police().pk),
        "registrant": "",
        "contact_name": "Piet Beller",
        "contact_phone": "043 123 45 67",
        "contact_email": "piet.beller@example.org",
        "received_at": "2026-11-23T10:15",
        "municipality": str(municipality.pk),
    }
    data.update(overrides)
    return data


def _draft_url(registration: Registration) -> str:
    return reverse("triage:draft", args=[registration.public_id])


@freeze_time("2026-11-23 13:00:00")
def test_a_phone_registration_end_to_end(
    login, demo_users, municipalities, mailoutbox, django_capture_on_commit_callbacks
):
    screener = demo_users["screener"]
    meldpunt = login(screener)
    queue = meldpunt.get(QUEUE).content.decode()
    assert "Telefonische aanmelding" in queue
    assert "Niets te completeren." in queue

    # step 1: the call
    page = meldpunt.get(PHONE)
    assert page.status_code == 200
    assert "Tijdstip van het telefoongesprek" in page.content.decode()
    response = meldpunt.post(PHONE, _call_data(page.content.decode(), municipalities["Maastricht"]))
    draft = Registration.objects.get()
    assert response.status_code == 302
    assert response.url == _draft_url(draft)
    assert (draft.channel, draft.status, draft.recorded_by) == (
        Channel.PHONE,
        Status.DRAFT,
        screener,
    )
    assert (draft.registrant, draft.registrant_organisation) == (None, _police())
    assert draft.received_at == CALL
    assert (draft.contact_name, draft.contact_email) == ("Piet Beller", "piet.beller@example.org")
    assert draft.persons.get().municipality == municipalities["Maastricht"]

    # the queue lists it to complete, with the time of the call and the term left
    queue = meldpunt.get(QUEUE).content.decode()
    section = queue[queue.index('id="drafts-title"') :]  # the drafts, last on the page
    assert _draft_url(draft) in section
    assert "23 november 2026, 10:15" in section
    assert "Nog 7 dagen" in section

    # the partner does not see it yet, and cannot edit it
    partner = demo_users["aanmelder"]
    partner_client = login(partner)
    assert _draft_url(draft) not in partner_client.get(reverse("registrations:list")).text
    edit = reverse("registrations:edit", args=[draft.public_id])
    assert partner_client.get(edit).status_code == 404
    assert partner_client.get(_draft_url(draft)).status_code == 403

    # step 2: the registrants' own form, filled in and submitted by the screener
    meldpunt = login(screener)
    form = meldpunt.get(_draft_url(draft)).content.decode()
    assert "Telefonisch aangemeld door Sanne Screener namens Politie (demo)." in form
    assert "Contactpersoon bij de partner" in form
    data = _edit_data(
        draft,
        action="submit",
        contact_name="Piet Beller",
        contact_email="piet.beller@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = meldpunt.post(_draft_url(draft), data)
    assert response.status_code == 302
    assert response.url == reverse("triage:detail", args=[draft.public_id])
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (Status.RECEIVED, "MST-2026-00001")
    assert draft.received_at == CALL
    assert draft.deadline_at == CALL + timedelta(days=7)
    change = StatusChange.objects.get(registration=draft)
    assert change.by == screener

    detail = meldpunt.get(response.url).content.decode()
    assert "Telefonisch aangemeld door Sanne Screener namens Politie (demo)." in detail
    assert "telefonisch aangemeld door het meldpunt namens de partner" in detail  # the history

    # the acknowledgement goes to the caller's address given on the form
    acknowledgement = [m for m in mailoutbox if m.to == ["piet.beller@example.org"]]
    assert len(acknowledgement) == 1
    assert "MST-2026-00001" in acknowledgement[0].subject
    stored = OutgoingMail.objects.get(registration=draft, template_key="received")
    assert stored.recipients == ["piet.beller@example.org"]

    # submitted: the partner sees it among their registrations; the form now leads to the detail
    partner_client = login(partner)
    listing = partner_client.get(reverse("registrations:list")).content.decode()
    assert "MST-2026-00001" in listing
    assert "(Telefonisch bij het meldpunt)" in listing
    mine = partner_client.get(reverse("registrations:detail", args=[draft.public_id]))
    assert mine.status_code == 200
    assert "Telefonisch aangemeld door Sanne Screener namens Politie (demo)." in mine.text
    meldpunt = login(screener)
    assert meldpunt.get(_draft_url(draft)).url == reverse("triage:detail", args=[draft.public_id])


@freeze_time("2026-11-23 13:00:00")
def test_a_refused_call_keeps_what_was_typed(login, demo_users, municipalities):
    meldpunt = login(demo_users["screener"])
    page = meldpunt.get(PHONE).content.decode()
    empty = meldpunt.post(PHONE, {"token": _call_data(page, municipalities["Maastricht"])["token"]})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Er is een probleem" in text
    assert "Kies de partnerorganisatie die belde." in text
    assert "Vul de datum en het tijdstip van het telefoongesprek in." in text

    wrong_user = _call_data(
        page,
        municipalities["Maastricht"],
        registrant=str(demo_users["aanmelder-gemeente"].pk),  # of another partner
    )
    refused = meldpunt.post(PHONE, wrong_user)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "is geen aanmelder van Politie (demo)" in text
    assert 'value="Piet Beller"' in text
    assert 'value="piet.beller@example.org"' in text
    future = meldpunt.post(
        PHONE, _call_data(page, municipalities["Maastricht"], received_at="2026-11-23T18:00")
    )
    assert "kan niet in de toekomst liggen" in future.content.decode()
    assert not Registration.objects.exists()


@freeze_time("2026-11-23 13:00:00")
def test_the_partners_account_fills_the_contact_and_a_double_click_opens_one_draft(
    login, demo_users, municipalities
):
    partner = demo_users["aanmelder"]
    meldpunt = login(demo_users["screener"])
    page = meldpunt.get(PHONE).content.decode()
    data = _call_data(
        page,
        municipalities["Maastricht"],
        registrant=str(partner.pk),
        contact_name="",
        contact_phone="",
        contact_email="",
    )
    first = meldpunt.post(PHONE, data)
    second = meldpunt.post(PHONE, data)
    assert first.url == second.url
    draft = Registration.objects.get()
    assert (draft.registrant, draft.contact_email) == (partner, partner.email)


@freeze_time("2026-11-23 13:00:00")
def test_sittard_takes_phone_calls_though_it_offers_no_web_form(login, demo_users, municipalities):
    meldpunt = login(demo_users["screener-sittard"])
    page = meldpunt.get(PHONE).content.decode()
    assert "Sittard-Geleen" in page
    assert ">Maastricht<" not in page  # only the municipalities this house serves
    response = meldpunt.post(PHONE, _call_data(page, municipalities["Sittard-Geleen"]))
    assert response.status_code == 302
    draft = Registration.objects.get()
    assert draft.veiligheidshuis.code == "STD"
    form = meldpunt.get(response.url)
    assert form.status_code == 200
    assert "Gemeente Maastricht (demo)" not in page  # not a partner in Sittard's network


def test_another_houses_meldpunt_and_other_roles_cannot_open_the_draft(login, demo_users, houses):
    draft = registration_start_on_behalf(
        recorded_by=demo_users["screener"],
        veiligheidshuis=houses["MST"],
        organisation=_police(),
        registrant=None,
        channel=Channel.PHONE,
        received_at=CALL,
    )
    assert login(demo_users["screener-sittard"]).get(_draft_url(draft)).status_code == 404
    for username in ("aanmelder", "regisseur", "manager"):
        assert login(demo_users[username]).get(_draft_url(draft)).status_code == 403
    # its own meldpunt opens it
    assert login(demo_users["screener"]).get(_draft_url(draft)).status_code == 200


def test_the_queue_takes_the_same_queries_however_many_drafts(
    login, demo_users, houses, municipalities, django_assert_max_num_queries
):
    screener = demo_users["screener"]
    meldpunt = login(screener)

    def count_for(n: int) -> int:
        for i in range(n):
            draft = registration_start_on_behalf(
                recorded_by=screener,
                veiligheidshuis=houses["MST"],
                organisation=_police(),
                registrant=demo_users["aanmelder"] if i % 2 else None,
                channel=Channel.EMAIL if i % 2 else Channel.PHONE,
                received_at=CALL + timedelta(minutes=i),
            )
            main = draft.persons.get()
            registration_save_draft(
                registration=draft,
                by=screener,
                values={},
                persons=[
                    PersonInput(
                        id=main.pk,
                        values={
                            "given_names": "Jan",
                            "surname": f"Jansen{i}",
                            "municipality": municipalities["Maastricht"],
                        },
                    )
                ],
            )
        with django_assert_max_num_queries(60) as captured:
            response = meldpunt.get(QUEUE)
            assert response.status_code == 200
        return len(captured)

    count_for(0)  # warm the session
    assert count_for(2) == count_for(8)
    assert "Jansen7" in meldpunt.get(QUEUE).content.decode()


@freeze_time("2026-11-23 13:00:00")
def test_recording_a_call_is_access_logged(login, demo_users, municipalities):
    from zvh.access_log.enums import EventType, Purpose
    from zvh.registrations.tests.access_logging import entries_after, last_sequence

    screener = demo_users["screener"]
    meldpunt = login(screener)
    page = meldpunt.get(PHONE).content.decode()
    before = last_sequence()
    response = meldpunt.post(PHONE, _call_data(page, municipalities["Maastricht"]))
    draft = Registration.objects.get()
    written = entries_after(before)
    assert [(e.event_type, e.purpose, e.user_id) for e in written] == [
        (EventType.CREATE, Purpose.REGISTRATION, screener.pk),
        (EventType.UPDATE, Purpose.REGISTRATION, screener.pk),
    ]
    assert all(e.objects_concerned[0]["id"] == str(draft.public_id) for e in written)
    assert all(e.client_address == "127.0.0.1" for e in written)
    before = last_sequence()
    assert meldpunt.get(response.url).status_code == 200
    (read,) = entries_after(before)
    assert (read.event_type, read.user_id) == (EventType.VIEW, screener.pk)
