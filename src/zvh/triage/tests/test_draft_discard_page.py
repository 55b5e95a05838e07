"""The pages of a draft the meldpunt records on a partner's behalf, beyond the phone call
itself: deleting a draft it will not complete (with a confirmation and a reason), and the
messages of the form addressing the screener, not the registrant."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.network.models import Organisation
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_start_on_behalf,
    registration_submit,
)
from zvh.registrations.tests.access_logging import entries_after, last_sequence
from zvh.registrations.tests.test_form import _edit_data

pytestmark = pytest.mark.django_db

CALL = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
QUEUE = reverse("triage:queue")


@pytest.fixture
def phone_draft(demo_users, houses, municipalities) -> Registration:
    """A phone call of the police at Maastricht, with the registered person's name."""
    screener = demo_users["screener"]
    draft = registration_start_on_behalf(
        recorded_by=screener,
        veiligheidshuis=houses["MST"],
        organisation=Organisation.objects.get(name="Politie (demo)"),
        registrant=None,
        channel=Channel.PHONE,
        received_at=CALL,
    )
    main = draft.persons.get()
    return registration_save_draft(
        registration=draft,
        by=screener,
        values={},
        persons=[
            PersonInput(
                id=main.pk,
                values={
                    "given_names": "Femke",
                    "surname": "Ravestein",
                    "municipality": municipalities["Maastricht"],
                },
            )
        ],
    )


def _discard_url(registration: Registration) -> str:
    return reverse("triage:discard", args=[registration.public_id])


def _draft_url(registration: Registration) -> str:
    return reverse("triage:draft", args=[registration.public_id])


@freeze_time("2026-11-23 13:00:00")
def test_a_screener_deletes_a_phone_draft_after_confirming_with_a_reason(
    login, demo_users, phone_draft
):
    screener = demo_users["screener"]
    meldpunt = login(screener)
    form = meldpunt.get(_draft_url(phone_draft)).content.decode()
    assert f'href="{_discard_url(phone_draft)}">Dit concept verwijderen</a>' in form

    before = last_sequence()
    page = meldpunt.get(_discard_url(phone_draft))
    assert page.status_code == 200
    text = page.content.decode()
    assert "<h1>Dit concept verwijderen</h1>" in text
    assert "Telefonisch aangemeld door Sanne Screener namens Politie (demo)." in text
    assert "Femke Ravestein" in text  # so that the right draft goes
    assert "De partner heeft de aanmelding ingetrokken" in text
    (read,) = entries_after(before)  # showing the name is a read, logged first
    assert (read.event_type, read.user_id, read.purpose) == (
        EventType.VIEW,
        screener.pk,
        Purpose.REGISTRATION,
    )
    assert Registration.objects.filter(pk=phone_draft.pk).exists()  # a GET deletes nothing

    refused = meldpunt.post(_discard_url(phone_draft), {})
    assert refused.status_code == 400
    assert "Kies waarom het concept wordt verwijderd." in refused.content.decode()
    assert "Er is een probleem" in refused.content.decode()
    assert Registration.objects.filter(pk=phone_draft.pk).exists()

    before = last_sequence()
    response = meldpunt.post(_discard_url(phone_draft), {"reason": "withdrawn"}, follow=True)
    assert response.redirect_chain == [(QUEUE, 302)]
    assert "Het concept is verwijderd." in response.content.decode()
    assert not Registration.objects.filter(pk=phone_draft.pk).exists()
    deletion = next(e for e in entries_after(before) if e.event_type == EventType.DELETE)
    assert (deletion.action, deletion.user_id, deletion.client_address) == (
        "D",
        screener.pk,
        "127.0.0.1",
    )
    assert meldpunt.get(_discard_url(phone_draft)).status_code == 404  # gone


def test_other_houses_and_roles_cannot_delete_and_nothing_goes(login, demo_users, phone_draft):
    before = last_sequence()
    other = login(demo_users["screener-sittard"])
    assert other.post(_discard_url(phone_draft), {"reason": "duplicate"}).status_code == 404
    for username in ("aanmelder", "regisseur", "manager"):
        client = login(demo_users[username])
        assert client.post(_discard_url(phone_draft), {"reason": "duplicate"}).status_code == 403
    assert Registration.objects.filter(pk=phone_draft.pk).exists()
    written = entries_after(before)
    assert written
    assert all(e.outcome == Outcome.DENIED for e in written)
    assert all(e.event_type == EventType.DELETE for e in written)


def test_a_partners_own_draft_is_not_found_on_the_meldpunts_page(login, demo_users, municipalities):
    own = registration_start(
        registrant=demo_users["aanmelder"],
        municipality=municipalities["Maastricht"],
        token=None,
        channel=Channel.WEB_FORM,
    )
    meldpunt = login(demo_users["screener"])
    assert meldpunt.post(_discard_url(own), {"reason": "duplicate"}).status_code == 404
    assert Registration.objects.filter(pk=own.pk).exists()


def test_a_submitted_registration_leads_to_its_page_not_to_a_deletion(
    login, demo_users, phone_draft, make_complete
):
    screener = demo_users["screener"]
    registration_submit(registration=make_complete(phone_draft), by=screener, now=CALL)
    meldpunt = login(screener)
    response = meldpunt.post(_discard_url(phone_draft), {"reason": "duplicate"}, follow=True)
    detail = reverse("triage:detail", args=[phone_draft.public_id])
    assert response.redirect_chain == [(detail, 302)]
    assert "kan niet meer worden verwijderd" in response.content.decode()
    assert Registration.objects.filter(pk=phone_draft.pk).exists()


@pytest.fixture
def make_complete(demo_users, municipalities):
    from zvh.registrations.tests.conftest import complete_values, person_values

    def _complete(draft: Registration) -> Registration:
        place = municipalities["Maastricht"]
        return registration_save_draft(
            registration=draft,
            by=demo_users["screener"],
            values=complete_values(
                draft, place, contact_name="Piet Beller", contact_email="beller@example.org"
            ),
            persons=[PersonInput(id=draft.persons.get().pk, values=person_values(place))],
        )

    return _complete


@freeze_time("2026-11-23 13:00:00")
def test_the_forms_messages_ask_the_screener_for_the_partners_contact(
    login, demo_users, phone_draft
):
    meldpunt = login(demo_users["screener"])
    data = _edit_data(phone_draft, action="submit", contact_name="", contact_email="")
    response = meldpunt.post(_draft_url(phone_draft), data)
    assert response.status_code == 200  # shown again, with what was typed
    text = response.content.decode()
    assert "Vul de naam van de contactpersoon bij de partner in." in text
    assert "waarop het meldpunt de contactpersoon bij de partner kan bereiken" in text
    assert "Vul uw naam in." not in text
    assert "u kan bereiken" not in text
    assert "Vraag de partner of die de cliënt of het gezin" in text  # the hint, too
    assert data["reason"] in text


def test_deleting_needs_a_recent_proof_of_password_and_code(login, demo_users, phone_draft):
    """As every deletion (docs/security.md point 4): an old proof brings the confirmation of
    password and code, which sends the chosen reason along again."""
    from conftest import TEST_PASSWORD, current_code
    from zvh.common.tests.test_reauthentication import age_proof

    screener = demo_users["screener"]
    meldpunt = login(screener)
    age_proof(meldpunt)
    asked = meldpunt.post(_discard_url(phone_draft), {"reason": "duplicate"})
    assert asked.status_code == 403
    assert 'name="reauth-password"' in asked.text
    assert '<input type="hidden" name="reason" value="duplicate">' in asked.text
    assert Registration.objects.filter(pk=phone_draft.pk).exists()

    confirmed = meldpunt.post(
        _discard_url(phone_draft),
        {
            "reason": "duplicate",
            "reauth-confirm": "1",
            "reauth-password": TEST_PASSWORD,
            "reauth-otp_token": current_code(screener),
        },
    )
    assert (confirmed.status_code, confirmed.url) == (302, QUEUE)
    assert not Registration.objects.filter(pk=phone_draft.pk).exists()
