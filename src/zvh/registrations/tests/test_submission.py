"""Submitting a draft: completeness, the reference, the stored deadline, idempotence, mails."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from freezegun import freeze_time

from zvh.registrations.models import Channel, ReferenceCounter, Registration, StatusChange
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_submit,
)
from zvh.registrations.status import Status

from .conftest import NOW, fake, person_values

pytestmark = pytest.mark.django_db


def test_an_empty_draft_is_refused_with_a_dutch_message_per_field(make_draft, registrant):
    draft = make_draft(complete=False)
    with pytest.raises(ValidationError) as error:
        registration_submit(registration=draft, by=registrant, now=NOW)
    errors = error.value.message_dict
    assert errors["persons.0.given_names"] == ["Vul de voornamen in."]
    assert errors["persons.0.surname"] == ["Vul de achternaam in."]
    assert errors["persons.0.date_of_birth"] == ["Vul de geboortedatum in."]
    assert errors["reason"] == ["Beschrijf de reden van de aanmelding."]
    assert errors["situation"] == ["Beschrijf de situatie."]
    assert errors["target_group"] == ["Kies een doelgroep."]
    assert errors["life_domains"] == ["Kies minstens één leefgebied."]
    assert errors["client_informed"] == [
        "Geef aan of de cliënt over de aanmelding is geïnformeerd."
    ]
    assert "persons.0.municipality" not in errors  # chosen in step 1
    draft.refresh_from_db()
    assert (draft.status, draft.reference, draft.received_at) == (Status.DRAFT, None, None)
    assert not ReferenceCounter.objects.exists()


def test_a_complete_draft_is_received_with_reference_and_deadline(
    make_draft, registrant, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_draft()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = registration_submit(registration=draft, by=registrant, now=NOW)
    assert submitted.status == Status.RECEIVED
    assert submitted.reference == "MST-2026-00001"
    assert submitted.received_at == NOW
    assert submitted.deadline_at == NOW + timedelta(days=7)
    history = StatusChange.objects.get(registration=submitted)
    assert (history.from_status, history.to_status, history.by) == (
        Status.DRAFT,
        Status.RECEIVED,
        registrant,
    )
    registrant_mail, meldpunt_mail = sorted(mailoutbox, key=lambda m: "meldpunt" in str(m.to))
    assert registrant_mail.to == [registrant.email]
    assert "MST-2026-00001" in registrant_mail.subject
    assert "meldpunt@veiligheidshuismaastricht.nl" in meldpunt_mail.to
    main = submitted.persons.get()
    for mail in mailoutbox:
        assert main.surname not in mail.body
        assert main.bsn not in mail.body


def test_submitting_twice_gives_one_reference_and_one_mail_each(
    make_draft, registrant, mailoutbox, django_capture_on_commit_callbacks
):
    draft = make_draft()
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_submit(registration=draft, by=registrant, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        again = registration_submit(registration=draft, by=registrant, now=NOW + timedelta(hours=1))
    assert again.reference == first.reference
    assert again.received_at == NOW
    assert ReferenceCounter.objects.get().last_number == 1
    assert StatusChange.objects.filter(registration=draft).count() == 1
    assert len(mailoutbox) == 2  # one to the registrant, one to the meldpunt


def test_starting_twice_with_the_same_token_opens_the_same_draft(registrant, municipalities):
    token = uuid.uuid4()
    first = registration_start(
        registrant=registrant,
        municipality=municipalities["Meerssen"],
        token=token,
        channel=Channel.WEB_FORM,
    )
    second = registration_start(
        registrant=registrant,
        municipality=municipalities["Meerssen"],
        token=token,
        channel=Channel.WEB_FORM,
    )
    assert first.pk == second.pk
    assert Registration.objects.count() == 1


def test_another_organisation_cannot_reuse_a_token(registrant, demo_users, municipalities):
    token = uuid.uuid4()
    registration_start(
        registrant=registrant,
        municipality=municipalities["Maastricht"],
        token=token,
        channel=Channel.WEB_FORM,
    )
    with pytest.raises(PermissionDenied):
        registration_start(
            registrant=demo_users["aanmelder-gemeente"],
            municipality=municipalities["Maastricht"],
            token=token,
            channel=Channel.WEB_FORM,
        )


def test_a_new_draft_carries_the_registrants_contact_details(make_draft, registrant):
    draft = make_draft(complete=False)
    assert draft.contact_name == registrant.get_full_name()
    assert draft.contact_email == registrant.email
    assert draft.registrant_organisation == registrant.organisation
    assert draft.veiligheidshuis.code == "MST"


def test_only_registrants_start_registrations(demo_users, municipalities):
    with pytest.raises(PermissionDenied):
        registration_start(
            registrant=demo_users["screener"],
            municipality=municipalities["Maastricht"],
            token=None,
            channel=Channel.WEB_FORM,
        )


def test_a_submitted_registration_can_no_longer_be_saved_as_draft(make_draft, registrant):
    submitted = registration_submit(registration=make_draft(), by=registrant, now=NOW)
    with pytest.raises(ValidationError) as error:
        registration_save_draft(registration=submitted, by=registrant, values={"reason": "x"})
    assert error.value.code == "not_draft"


def test_another_organisation_cannot_submit(make_draft, demo_users):
    with pytest.raises(PermissionDenied):
        registration_submit(registration=make_draft(), by=demo_users["aanmelder-gemeente"], now=NOW)


# --- deadlines -----------------------------------------------------------------------------------


@freeze_time("2026-11-27 15:30:00")  # a Friday afternoon
def test_maastricht_deadline_is_seven_calendar_days_after_receipt(make_draft, registrant):
    from django.utils import timezone

    now = timezone.now()
    submitted = registration_submit(registration=make_draft(), by=registrant, now=now)
    assert submitted.received_at == datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
    assert submitted.deadline_at == datetime(2026, 12, 4, 15, 30, tzinfo=UTC)
    submitted.refresh_from_db()
    assert submitted.deadline_at == datetime(2026, 12, 4, 15, 30, tzinfo=UTC)


@freeze_time("2026-11-27 15:30:00")
def test_sittard_deadline_is_fourteen_calendar_days_after_receipt(make_draft, demo_users):
    """Sittard takes e-mails; its meldpunt completes and submits them on the partner's behalf."""
    from django.utils import timezone

    draft = make_draft(
        municipality="Sittard-Geleen", channel=Channel.EMAIL, received_at=timezone.now()
    )
    submitted = registration_submit(
        registration=draft, by=demo_users["screener-sittard"], now=timezone.now()
    )
    submitted.refresh_from_db()
    assert submitted.reference == "STD-2026-00001"
    assert submitted.deadline_at == datetime(2026, 12, 11, 15, 30, tzinfo=UTC)


def test_the_reference_year_is_the_dutch_year_of_receipt(make_draft, registrant):
    new_years_night = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January in NL
    submitted = registration_submit(registration=make_draft(), by=registrant, now=new_years_night)
    assert submitted.reference == "MST-2027-00001"


# --- informing the client ------------------------------------------------------------------------


def _errors_after(make_draft, registrant, **values) -> dict:
    draft = make_draft(**values)
    with pytest.raises(ValidationError) as error:
        registration_submit(registration=draft, by=registrant, now=NOW)
    return error.value.message_dict


def test_informed_needs_the_date_and_how(make_draft, registrant):
    errors = _errors_after(
        make_draft,
        registrant,
        client_informed=True,
        client_informed_on=None,
        client_informed_how="",
    )
    assert errors == {
        "client_informed_on": ["Vul de datum in waarop de cliënt is geïnformeerd."],
        "client_informed_how": ["Vul in hoe de cliënt is geïnformeerd."],
    }


def test_the_informing_date_cannot_be_in_the_future(make_draft, registrant):
    errors = _errors_after(make_draft, registrant, client_informed_on=date(2026, 11, 24))
    assert errors == {"client_informed_on": ["Deze datum kan niet in de toekomst liggen."]}


def test_not_informed_needs_a_weighty_reason_and_an_explanation(make_draft, registrant):
    errors = _errors_after(
        make_draft,
        registrant,
        client_informed=False,
        not_informed_reason="",
        not_informed_explanation="",
    )
    assert errors == {
        "not_informed_reason": ["Kies waarom de cliënt niet is geïnformeerd."],
        "not_informed_explanation": ["Licht toe waarom de cliënt niet is geïnformeerd."],
    }


def test_not_informed_with_reason_is_complete_and_the_other_branch_is_dropped(
    make_draft, registrant
):
    draft = make_draft(
        client_informed=False,
        not_informed_reason="criminal_investigation",
        not_informed_explanation="Lopend onderzoek van de recherche.",
    )
    submitted = registration_submit(registration=draft, by=registrant, now=NOW)
    assert submitted.status == Status.RECEIVED
    assert (submitted.client_informed_on, submitted.client_informed_how) == (None, "")
    assert submitted.not_informed_reason == "criminal_investigation"


def test_urgent_needs_an_explanation(make_draft, registrant):
    errors = _errors_after(make_draft, registrant, urgency="urgent", urgency_explanation="")
    assert errors == {"urgency_explanation": ["Licht toe waarom de aanmelding urgent is."]}


# --- persons and partners -----------------------------------------------------------------------


def test_family_members_need_a_relation_and_a_name(make_draft, registrant, municipalities):
    draft = make_draft()
    main = draft.persons.get()
    registration_save_draft(
        registration=draft,
        by=registrant,
        values={},
        persons=[
            PersonInput(id=main.pk, values={}),
            PersonInput(values={"given_names": "Noor"}),
            PersonInput(values=person_values(relation="child")),
        ],
    )
    with pytest.raises(ValidationError) as error:
        registration_submit(registration=draft, by=registrant, now=NOW)
    assert error.value.message_dict == {
        "persons.1.relation": ["Kies hoe deze persoon zich verhoudt tot de aangemelde persoon."],
        "persons.1.surname": ["Vul de achternaam in."],
    }
    assert list(draft.persons.values_list("position", "relation")) == [
        (0, "main"),
        (1, ""),
        (2, "child"),
    ]


def test_the_same_bsn_twice_is_refused(make_draft, registrant):
    draft = make_draft()
    main = draft.persons.get()
    registration_save_draft(
        registration=draft,
        by=registrant,
        values={},
        persons=[
            PersonInput(id=main.pk, values={}),
            PersonInput(values=person_values(relation="partner", bsn=main.bsn)),
        ],
    )
    with pytest.raises(ValidationError) as error:
        registration_submit(registration=draft, by=registrant, now=NOW)
    assert error.value.message_dict == {"persons.1.bsn": ["Twee personen hebben hetzelfde BSN."]}


def test_a_bsn_failing_the_elfproef_is_never_stored(make_draft, registrant):
    draft = make_draft()
    main = draft.persons.get()
    with pytest.raises(ValidationError) as error:
        registration_save_draft(
            registration=draft,
            by=registrant,
            values={"reason": "nieuw"},
            persons=[PersonInput(id=main.pk, values={"bsn": "123456789"})],
        )
    assert "persons.0.bsn" in error.value.message_dict
    main.refresh_from_db()
    assert main.bsn != "123456789"


def test_involved_partners_need_a_name_and_a_contact_person(make_draft, registrant):
    from zvh.registrations.services import PartnerInput

    draft = make_draft()
    registration_save_draft(
        registration=draft,
        by=registrant,
        values={},
        partners=[
            PartnerInput(
                values={"organisation_name": "Schuldhulp Zuid", "contact_name": fake.name()}
            ),
            PartnerInput(values={"involvement": "Begeleiding"}),
        ],
    )
    with pytest.raises(ValidationError) as error:
        registration_submit(registration=draft, by=registrant, now=NOW)
    assert error.value.message_dict == {
        "partners.1.organisation_name": ["Vul de naam van de organisatie in."],
        "partners.1.contact_name": ["Vul de contactpersoon bij deze organisatie in."],
    }
