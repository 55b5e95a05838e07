"""The data subject's report: grouped per own registration, references instead of ids, repeated
accesses folded, plain purposes, and nothing about other registrations."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from zvh.access_log.enums import EventType, Purpose
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.registrations.access import log_access
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

from .helpers import record

pytestmark = pytest.mark.django_db

REPORT = reverse("access_log:report")
LOCAL = timezone.get_default_timezone()


def _at(hour: int, minute: int, day: int = 1) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=LOCAL)


@pytest.fixture
def other_registration(demo_users, houses):
    """Another person's registration at the same Veiligheidshuis."""
    other = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        reference="MST-2026-00099",
        status="received",
    )
    PersonFactory(registration=other, bsn="123456782", date_of_birth=dt.date(1990, 3, 4))
    return other


def _edits(user, registration, times):
    person = LoggedPerson.of(registration.persons.get())
    for at in times:
        record(
            user=user,
            event_type=EventType.UPDATE,
            purpose=Purpose.REGISTRATION,
            objects=(LoggedObject.for_registration(registration),),
            persons=(person,),
            at=at,
        )


def _report(client, bsn="111222333"):
    response = client.post(REPORT, {"bsn": bsn})
    assert response.status_code == 200
    return response


def test_repeated_edits_fold_into_one_line(demo_users, login, registration):
    _edits(demo_users["aanmelder"], registration, [_at(7, 54 + i // 3) for i in range(12)])
    _edits(demo_users["aanmelder"], registration, [_at(9, 0, day=2)])  # another day: own line

    response = _report(login(demo_users["privacy"]))

    group = response.context["groups"][0]
    assert group.reference == "MST-2026-00042"
    assert [line.count for line in group.lines] == [12, 1]
    assert group.accesses == 13
    assert "12 keer bewerkt tussen 07:54 en 07:57" in response.text
    assert "Bewerkt om 09:00" in response.text
    assert "Om u aan te melden bij het Veiligheidshuis" in response.text


def test_different_organisations_or_purposes_do_not_fold(demo_users, login, registration, read_as):
    read_as(demo_users["screener"], registration)
    read_as(demo_users["screener"], registration, purpose=Purpose.INFORMATION_REQUEST)
    read_as(demo_users["screener"], registration, purpose=Purpose.INFORMATION_REQUEST)
    read_as(demo_users["aanmelder"], registration, purpose=Purpose.INFORMATION_REQUEST)

    lines = _report(login(demo_users["privacy"])).context["groups"][0].lines

    assert [(line.purpose, line.count) for line in lines] == [
        ("triage", 1),
        ("information_request", 2),
        ("information_request", 1),
    ]
    assert lines[2].organisation == "Politie (demo)"


def test_a_list_naming_another_registration_does_not_leak_it(
    demo_users, login, registration, other_registration, read_as
):
    read_as(demo_users["screener"], registration)
    # A queue page showing both registrations: one entry, both references, both persons.
    log_access(
        user=demo_users["screener"],
        registrations=[registration, other_registration],
        persons=[*registration.persons.all(), *other_registration.persons.all()],
        event_type=EventType.SEARCH,
        purpose=Purpose.TRIAGE,
    )

    response = _report(login(demo_users["privacy"]))

    assert "MST-2026-00099" not in response.text
    assert str(other_registration.public_id) not in response.text
    groups = response.context["groups"]
    assert [g.reference for g in groups] == ["MST-2026-00042", ""]
    assert [line.event_type for line in groups[0].lines] == ["view", "search"]
    assert "Getoond in een lijst of zoekresultaat om" in response.text
    # The other person's report has the list, but neither this registration nor its reference.
    other = _report(login(demo_users["privacy"]), bsn="123456782")
    assert "MST-2026-00042" not in other.text
    assert [g.registration for g in other.context["groups"]] == [False]


def test_a_list_of_only_other_registrations_names_none(
    demo_users, login, registration, other_registration
):
    """The person appears in a list together with another registration, and no entry says
    which of the two is theirs: no reference at all."""
    log_access(
        user=demo_users["screener"],
        registrations=[registration, other_registration],
        persons=[*registration.persons.all(), *other_registration.persons.all()],
        event_type=EventType.SEARCH,
        purpose=Purpose.TRIAGE,
    )

    response = _report(login(demo_users["privacy"]))

    groups = response.context["groups"]
    assert [g.registration for g in groups] == [False]
    assert "MST-2026-00042" not in response.text
    assert "MST-2026-00099" not in response.text
    assert [line.count for line in groups[0].lines] == [1, 1]  # the list; making the report


def test_a_draft_without_reference_is_named_as_a_draft(demo_users, login, houses):
    draft = RegistrationFactory(
        registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"], reference=None
    )
    PersonFactory(registration=draft, bsn="111222333", date_of_birth=dt.date(1980, 1, 2))
    _edits(demo_users["aanmelder"], draft, [_at(8, 0), _at(8, 1)])

    response = _report(login(demo_users["privacy"]))

    assert "Aanmelding nog niet verstuurd (concept)" in response.text
    assert str(draft.public_id) not in response.text
    assert "2 keer bewerkt tussen 08:00 en 08:01" in response.text
