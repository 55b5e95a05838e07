"""Notifications arrive, over real SMTP, at the right people, with a reference and a link only."""

import re
import socket
from datetime import UTC, datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from zvh.accounts.roles import RoleCode
from zvh.accounts.services import user_upsert
from zvh.notifications.services import (
    notify_decision,
    notify_information_answered,
    notify_information_requested,
    notify_registration_received,
)
from zvh.registrations.models import Registration, Relation
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

BASE_URL = "https://zvh.example.org"
#: Monday 23 November 2026, 10:00 in Amsterdam.
RECEIVED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
#: Monday 30 November 2026, 18:00 in Amsterdam.
DEADLINE_AT = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
CONTACT = "wijkagent.noord@politie.invalid"
REASON = "Schuldenproblematiek en ernstige geluidsoverlast"
SITUATION = "Sinds maart ontruimingsdreiging; psychose in de voorgeschiedenis"
MST_MELDPUNT = "meldpunt@veiligheidshuismaastricht.nl"
MST_SCREENER = "screener@demo.invalid"


@pytest.fixture(autouse=True)
def _links_point_to_the_site(settings):
    settings.ZVH_BASE_URL = BASE_URL + "/"
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture
def registration(houses, demo_users) -> Registration:
    """A received registration of a family in Maastricht: three persons, all with a BSN."""
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        status=Status.RECEIVED,
        reference="MST-2026-00042",
        received_at=RECEIVED_AT,
        deadline_at=DEADLINE_AT,
        contact_email=CONTACT,
        reason=REASON,
        situation=SITUATION,
    )
    for position, (relation, given, prefix, surname) in enumerate(
        (
            (Relation.MAIN, "Fenna Maria", "", "Zwartjes"),
            (Relation.PARTNER, "Joris", "van der", "Plasmeijer"),
            (Relation.CHILD, "Noor", "", "Zwartjes-Plasmeijer"),
        )
    ):
        PersonFactory(
            registration=registration,
            position=position,
            relation=relation,
            given_names=given,
            surname_prefix=prefix,
            surname=surname,
        )
    return registration


def registrant_link(registration: Registration) -> str:
    return BASE_URL + reverse("registrations:detail", args=[registration.public_id])


def meldpunt_link(registration: Registration) -> str:
    return BASE_URL + reverse("triage:detail", args=[registration.public_id])


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


# --- who receives what ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_received_registration_is_acknowledged_and_reaches_the_meldpunt(
    registration, smtp_server
):
    """Committed for real: the mails go out when the transaction commits, not before."""
    with transaction.atomic():
        notify_registration_received(registration=registration)
        assert smtp_server.messages == []

    to_registrant, to_meldpunt = sorted(smtp_server.messages, key=lambda m: m["Subject"])
    assert to_registrant.envelope_to == [CONTACT]
    assert to_registrant["To"] == CONTACT
    assert to_registrant["Subject"] == "Aanmelding MST-2026-00042 ontvangen"
    body = to_registrant.text
    assert (
        "Veiligheidshuis Maastricht heeft uw aanmelding MST-2026-00042 op 23 november 2026" in body
    )
    assert "uiterlijk op maandag 30 november 2026" in body
    assert links_in(body) == [registrant_link(registration)]

    assert sorted(to_meldpunt.envelope_to) == sorted([MST_MELDPUNT, MST_SCREENER])
    assert to_meldpunt["Subject"] == "Nieuwe aanmelding MST-2026-00042"
    body = to_meldpunt.text
    assert "nieuwe aanmelding MST-2026-00042 voor Veiligheidshuis Maastricht" in body
    assert "Uiterste reactiedatum: maandag 30 november 2026." in body
    assert links_in(body) == [meldpunt_link(registration)]

    for message in smtp_server.messages:
        assert message["Auto-Submitted"] == "auto-generated"
        assert "\n-- \nDit bericht is automatisch verstuurd" in message.text


def test_the_meldpunt_means_its_mailbox_and_its_active_screeners_only(
    registration, demo_users, smtp_server, django_capture_on_commit_callbacks
):
    former = user_upsert(
        username="screener-oud",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
        email="screener-oud@demo.invalid",
    )
    former.is_active = False
    former.save()
    user_upsert(  # a screener without an e-mail address is skipped, not an empty recipient
        username="screener-zonder-mail",
        organisation=demo_users["screener"].organisation,
        roles=[RoleCode.SCREENER],
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_information_answered(registration=registration)

    (message,) = smtp_server.messages
    # Not the inactive screener, not the Sittard screener, not the regisseur or the manager.
    assert sorted(message.envelope_to) == sorted([MST_MELDPUNT, MST_SCREENER])


def test_information_requested_goes_to_the_registrant(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.status = Status.WAITING_FOR_INFORMATION
    registration.waiting_since = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        notify_information_requested(registration=registration)

    (message,) = smtp_server.messages
    assert message.envelope_to == [CONTACT]
    assert message["Subject"] == "Meer informatie nodig voor MST-2026-00042"
    assert (
        "Het meldpunt van Veiligheidshuis Maastricht heeft op 25 november 2026 om meer "
        "informatie gevraagd over aanmelding MST-2026-00042." in message.text
    )
    assert links_in(message.text) == [registrant_link(registration)]


def test_information_answered_goes_to_the_meldpunt_with_the_new_deadline(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.status = Status.SCREENING
    registration.deadline_at = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        notify_information_answered(registration=registration)

    (message,) = smtp_server.messages
    assert sorted(message.envelope_to) == sorted([MST_MELDPUNT, MST_SCREENER])
    assert message["Subject"] == "Informatie ontvangen voor MST-2026-00042"
    assert "verzoek om informatie over aanmelding MST-2026-00042 beantwoord" in message.text
    assert "Nieuwe uiterste reactiedatum: woensdag 2 december 2026." in message.text
    assert links_in(message.text) == [meldpunt_link(registration)]


def test_a_decision_goes_to_the_registrant_without_the_outcome(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.status = Status.DECIDED
    registration.decided_at = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        notify_decision(registration=registration)

    (message,) = smtp_server.messages
    assert message.envelope_to == [CONTACT]
    assert message["Subject"] == "Besluit over aanmelding MST-2026-00042"
    assert (
        "Veiligheidshuis Maastricht heeft op 27 november 2026 een besluit genomen over "
        "aanmelding MST-2026-00042." in message.text
    )
    assert links_in(message.text) == [registrant_link(registration)]


def test_without_a_contact_address_the_registrants_own_address_is_used(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.contact_email = ""
    with django_capture_on_commit_callbacks(execute=True):
        notify_decision(registration=registration)
    assert smtp_server.messages[0].envelope_to == ["aanmelder@demo.invalid"]


# --- privacy -------------------------------------------------------------------------------

NOTIFICATIONS = {
    "received": notify_registration_received,
    "information_requested": notify_information_requested,
    "information_answered": notify_information_answered,
    "decision": notify_decision,
}


def personal_data_in(text: str, registration: Registration) -> list[str]:
    """Every given name, surname (or part of one) and BSN of the registration's persons that
    occurs in ``text``, and the reason or situation. Words are matched whole and ignoring case;
    a BSN also when written with spaces, dots or dashes between its digits."""
    found = []
    for person in registration.persons.all():
        words = [*person.given_names.split(), *re.split(r"[\s-]+", person.surname)]
        found += [
            word
            for word in words
            if len(word) > 1 and re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)
        ]
        if person.bsn:
            digits = r"[\s.-]?".join(person.bsn)
            found += [person.bsn] if re.search(rf"(?<!\d){digits}(?!\d)", text) else []
    for free_text in (registration.reason, registration.situation):
        if free_text and free_text.lower() in text.lower():
            found.append(free_text)
    return found


def everything_in(message) -> str:
    headers = "\n".join(f"{name}: {value}" for name, value in message.items())
    return f"{headers}\n\n{message.text}"


@pytest.mark.parametrize("notification", NOTIFICATIONS)
def test_no_name_bsn_or_problem_of_any_person_is_in_a_mail(
    notification, registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.waiting_since = registration.decided_at = RECEIVED_AT
    assert registration.persons.count() == 3
    assert all(person.bsn for person in registration.persons.all())
    with django_capture_on_commit_callbacks(execute=True):
        NOTIFICATIONS[notification](registration=registration)

    assert smtp_server.messages
    for message in smtp_server.messages:
        assert registration.reference in message["Subject"]
        assert registration.reference in message.text
        assert personal_data_in(everything_in(message), registration) == []


def test_the_privacy_check_itself_finds_a_leak(registration):
    person = registration.persons.get(relation=Relation.PARTNER)
    bsn = person.bsn
    spaced = f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}"
    leak = f"Aanmelding van J. van der PLASMEIJER (BSN {spaced}) en Fenna: {REASON}."
    # "Plasmeijer" is the partner's surname and part of the child's double surname.
    assert set(personal_data_in(leak, registration)) == {"Fenna", "Plasmeijer", bsn, REASON}
    assert personal_data_in("Aanmelding MST-2026-00042 ontvangen in januari", registration) == []


# --- language, characters, failures ---------------------------------------------------------


def test_mails_are_dutch_even_when_the_acting_user_reads_english(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify_decision(registration=registration)
    assert smtp_server.messages[0]["Subject"] == "Besluit over aanmelding MST-2026-00042"


def test_english_is_the_second_language(
    registration, settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.LANGUAGE_CODE = "en"
    registration.decided_at = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        notify_decision(registration=registration)
    (message,) = smtp_server.messages
    assert message["Subject"] == "Decision on registration MST-2026-00042"
    assert "On 27 November 2026 Veiligheidshuis Maastricht decided on registration" in message.text


def test_a_plain_text_mail_is_not_html_escaped(
    registration, smtp_server, django_capture_on_commit_callbacks
):
    registration.veiligheidshuis.name = "Zorg- & Veiligheidshuis 's-Hertogenbosch"
    with django_capture_on_commit_callbacks(execute=True):
        notify_decision(registration=registration)
    text = smtp_server.messages[0].text
    assert "Zorg- & Veiligheidshuis 's-Hertogenbosch heeft op" in text
    assert "&amp;" not in text
    assert "&#x27;" not in text


def test_a_mail_server_that_is_down_does_not_undo_or_break_the_action(
    registration, settings, django_capture_on_commit_callbacks
):
    with socket.socket() as unused:  # bound but not listening: the connection is refused
        unused.bind(("127.0.0.1", 0))
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = unused.getsockname()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            notify_decision(registration=registration)
    assert len(callbacks) == 1  # ran, and swallowed (and logged) the refused connection


def test_a_draft_without_a_reference_is_refused(registration):
    registration.reference = None
    with pytest.raises(ValueError, match="reference"):
        notify_registration_received(registration=registration)


# --- transactions --------------------------------------------------------------------------


class RefusedError(Exception):
    pass


def refused_action(registration: Registration) -> None:
    """An action that notifies and then fails: its transaction is rolled back."""
    with transaction.atomic():
        notify_registration_received(registration=registration)
        notify_decision(registration=registration)
        raise RefusedError


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_nothing(registration, smtp_server):
    with pytest.raises(RefusedError):
        refused_action(registration)

    # A rolled-back savepoint inside a committed transaction sends nothing either.
    with transaction.atomic():
        try:
            with transaction.atomic():
                notify_information_requested(registration=registration)
                raise RefusedError
        except RefusedError:
            pass
        notify_information_answered(registration=registration)

    (message,) = smtp_server.messages
    assert message["Subject"] == "Informatie ontvangen voor MST-2026-00042"
