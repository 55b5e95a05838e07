"""The registrant's side writes the access log: every create, read, update and search of a
registration, and every refused attempt, with who, why, what and about whom."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.registrations.attachments import attachment_add, attachment_remove
from zvh.registrations.models import Registration
from zvh.registrations.services import registration_submit
from zvh.triage.services import information_request_create

from .access_logging import assert_entry, entries_after, last_sequence, the_entry_after
from .conftest import NOW
from .test_form import _edit_data

pytestmark = pytest.mark.django_db


def _url(name: str, registration: Registration, *args) -> str:
    return reverse(f"registrations:{name}", args=[registration.public_id, *args])


@pytest.fixture
def browser(login, registrant):
    return login(registrant)


def test_starting_a_draft_is_logged_as_a_create(browser, registrant, municipalities):
    before = last_sequence()
    response = browser.post(
        reverse("registrations:start"),
        {"municipality": municipalities["Maastricht"].pk, "token": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    draft = Registration.objects.get(registrant=registrant)
    assert_entry(
        the_entry_after(before),
        event_type=EventType.CREATE,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[draft],
        persons=draft.persons.all(),  # no name or BSN yet: no person keys
    )


def test_opening_saving_and_submitting_a_draft_are_logged(browser, registrant, make_draft):
    draft = make_draft(complete=False)

    before = last_sequence()
    assert browser.get(_url("edit", draft)).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.VIEW,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[draft],
        persons=draft.persons.all(),
    )

    before = last_sequence()
    data = _edit_data(draft)
    assert browser.post(_url("edit", draft), data).status_code == 302
    saved = the_entry_after(before)
    person = draft.persons.get()
    assert person.bsn == data["persons-0-bsn"]
    assert_entry(
        saved,
        event_type=EventType.UPDATE,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[draft],
        persons=[person],  # as saved: the BSN key and the name-and-birth-date key
    )
    assert saved.subjects.count() == 2

    before = last_sequence()
    response = browser.post(_url("edit", draft), _edit_data(draft, action="submit"))
    assert response.status_code == 302
    draft.refresh_from_db()
    update, submission = entries_after(before)
    assert update.event_type == EventType.UPDATE  # every button saves first
    assert_entry(
        submission,
        event_type=EventType.CREATE,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[draft],  # now with its reference
        persons=draft.persons.all(),
    )
    assert submission.objects_concerned[0]["ref"].startswith("MST-")

    before = last_sequence()
    assert browser.get(response.url).status_code == 200  # the acknowledgement
    assert the_entry_after(before).event_type == EventType.VIEW


def test_the_detail_page_and_the_list_are_logged(browser, registrant, make_draft):
    first = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    second = registration_submit(registration=make_draft(), by=registrant, now=NOW)

    before = last_sequence()
    assert browser.get(_url("detail", first)).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.VIEW,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[first],
        persons=first.persons.all(),
    )

    before = last_sequence()
    assert browser.get(reverse("registrations:list")).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=registrant,
        purpose=Purpose.REGISTRATION,
        registrations=[second, first],  # as listed, newest first
        persons=[second.main_person, first.main_person],
    )


def test_answering_a_request_for_information_is_logged(browser, registrant, demo_users, make_draft):
    registration = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    question = information_request_create(
        registration=registration,
        by=demo_users["screener"],
        question="Wie is de huisarts?",
        now=NOW,
    )
    before = last_sequence()
    response = browser.post(
        _url("answer", registration, question.pk), {f"q{question.pk}-answer": "Dokter Jansen"}
    )
    assert response.status_code == 302
    assert_entry(
        the_entry_after(before),
        event_type=EventType.UPDATE,
        user=registrant,
        purpose=Purpose.INFORMATION_REQUEST,
        registrations=[registration],
        persons=registration.persons.all(),
    )


def test_adding_and_removing_an_attachment_are_logged(registrant, make_draft):
    draft = make_draft()
    before = last_sequence()
    attachment = attachment_add(
        registration=draft,
        by=registrant,
        upload=SimpleUploadedFile("verslag.txt", b"Verslag van het gesprek.\n"),
    )
    attachment_remove(attachment=attachment, by=registrant)
    added, removed = entries_after(before)
    for entry in (added, removed):
        assert_entry(
            entry,
            event_type=EventType.UPDATE,
            user=registrant,
            purpose=Purpose.REGISTRATION,
            registrations=[draft],
            persons=draft.persons.all(),
            address="",  # called without a request
        )


def test_another_organisations_registration_is_404_and_logged_as_denied(
    login, demo_users, registrant, make_draft
):
    registration = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    other = demo_users["aanmelder-gemeente"]
    client = login(other)
    before = last_sequence()
    assert client.get(_url("detail", registration)).status_code == 404
    assert client.post(_url("edit", registration), {"action": "save"}).status_code == 404
    viewed, edited = entries_after(before)
    for entry, event_type in ((viewed, EventType.VIEW), (edited, EventType.UPDATE)):
        assert_entry(
            entry,
            event_type=event_type,
            user=other,
            purpose=Purpose.REGISTRATION,
            registrations=[registration],
            persons=registration.persons.all(),
            outcome=Outcome.DENIED,
        )

    before = last_sequence()
    assert client.get(reverse("registrations:detail", args=[uuid.uuid4()])).status_code == 404
    assert entries_after(before) == []  # an unknown id concerns no one


def test_a_wrong_role_is_403_and_logged_as_denied(login, demo_users, registrant, make_draft):
    registration = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    screener = demo_users["screener"]
    client = login(screener)
    before = last_sequence()
    assert client.get(reverse("registrations:list")).status_code == 403
    assert client.get(_url("detail", registration)).status_code == 403
    listed, viewed = entries_after(before)
    assert_entry(
        listed,
        event_type=EventType.SEARCH,
        user=screener,
        purpose=Purpose.REGISTRATION,
        registrations=[],
        persons=[],
        outcome=Outcome.DENIED,
    )
    assert listed.veiligheidshuis_id == screener.veiligheidshuis.pk
    assert_entry(
        viewed,
        event_type=EventType.VIEW,
        user=screener,
        purpose=Purpose.REGISTRATION,
        registrations=[registration],
        persons=registration.persons.all(),
        outcome=Outcome.DENIED,
    )
