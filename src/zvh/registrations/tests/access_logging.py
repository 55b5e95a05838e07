"""Assertions on access log entries, shared by the registrant's and the meldpunt's tests."""

from collections.abc import Iterable

from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.values import LoggedPerson
from zvh.accounts.models import User
from zvh.registrations.models import Person, Registration


def last_sequence() -> int:
    """The sequence number of the newest entry (0 when there is none)."""
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def entries_after(sequence: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))


def the_entry_after(sequence: int) -> AccessLogEntry:
    """The one entry written since ``sequence`` (fails when there are none or several)."""
    written = entries_after(sequence)
    assert len(written) == 1, [(e.event_type, e.outcome, e.username) for e in written]
    return written[0]


def keys_of(persons: Iterable[Person]) -> set[str]:
    return set().union(*(LoggedPerson.of(person).keys for person in persons))


def assert_entry(
    entry: AccessLogEntry,
    *,
    event_type: EventType,
    user: User,
    purpose: Purpose,
    registrations: Iterable[Registration],
    persons: Iterable[Person],
    outcome: Outcome = Outcome.SUCCESS,
    address: str = "127.0.0.1",
) -> None:
    """The entry says what happened (action code and event), by whom (user, organisation, roles),
    why, to which registrations (public id and reference) and which persons (exactly their keys),
    with what result and from where; it belongs to the first registration's Veiligheidshuis."""
    registrations = list(registrations)
    assert (entry.action, entry.event_type, entry.outcome, entry.purpose) == (
        EVENT_ACTIONS[event_type],
        event_type,
        outcome,
        purpose,
    )
    assert (entry.user_id, entry.username) == (user.pk, user.username)
    assert (entry.organisation_id, entry.organisation_name) == (
        user.organisation_id,
        user.organisation.name,
    )
    assert entry.roles == ",".join(sorted(str(code) for code in user.role_codes))
    assert entry.objects_concerned == [
        {"type": "registration", "id": str(r.public_id), "ref": r.reference or ""}
        for r in registrations
    ]
    if registrations:
        assert entry.veiligheidshuis_id == registrations[0].veiligheidshuis_id
    assert set(entry.subjects.values_list("person_key", flat=True)) == keys_of(persons)
    assert entry.client_address == address
