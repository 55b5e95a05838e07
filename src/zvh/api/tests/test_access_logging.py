"""The API writes the access log as the web pages do (issue 5, point 8): every response holding
personal data is logged before it is returned (lists as one search over the registrations and
main persons they show, one registration as a view of it and its persons), with the API
client's service user, purpose and address; refusals (403, 404) are logged as denied; lists
take the same number of queries however many rows they show."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.deadlines.calculation import reply_deadline
from zvh.network.models import SelectionCriterion
from zvh.registrations.models import Registration, Relation
from zvh.registrations.status import Status
from zvh.registrations.tests.access_logging import (
    assert_entry,
    entries_after,
    last_sequence,
    the_entry_after,
)
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import InformationRequest

from .test_registrations import body

pytestmark = pytest.mark.django_db

POLICE = "Politie (demo)"
MUNICIPALITY = "Gemeente Maastricht (demo)"
MST_STAFF = "Zorg- en Veiligheidshuis Maastricht"
STD_STAFF = "Zorg- en Veiligheidshuis Westelijke Mijnstreek"
REGISTRATIONS = "/api/v1/registrations/"
MELDPUNT = "/api/v1/meldpunt/"
#: Long enough ago that every registration received then is overdue (and so shown twice).
RECEIVED_AT = datetime.now(tz=UTC).replace(microsecond=0) - timedelta(days=60)


@pytest.fixture
def registration_of(demo_users, houses, municipalities):
    """``registration_of(registrant="aanmelder", status=…, vh="MST")``: a registration of that
    user's organisation with a main person and a child (synthetic)."""
    counter = {"n": 0}

    def _make(
        *,
        registrant: str = "aanmelder",
        status: Status = Status.RECEIVED,
        vh: str = "MST",
        received_at: datetime = RECEIVED_AT,
    ) -> Registration:
        counter["n"] += 1
        house = houses[vh]
        submitted = status != Status.DRAFT
        registration = RegistrationFactory(
            registrant=demo_users[registrant],
            veiligheidshuis=house,
            status=status,
            reference=f"{vh}-2026-{counter['n']:05d}" if submitted else None,
            received_at=received_at if submitted else None,
            deadline_at=reply_deadline(house.reply_term, received_at=received_at)
            if submitted
            else None,
        )
        municipality = municipalities["Maastricht" if vh == "MST" else "Sittard-Geleen"]
        PersonFactory(registration=registration, municipality=municipality, position=0)
        PersonFactory(
            registration=registration,
            municipality=municipality,
            relation=Relation.CHILD,
            position=1,
        )
        return registration

    return _make


@pytest.fixture
def police(api_for):
    return api_for(POLICE)


@pytest.fixture
def screener(api_for):
    return api_for(MST_STAFF, "screener")


def user_of(api):
    return api.api_client.user


def main_persons(*registrations: Registration) -> list:
    return [r.persons.get(relation=Relation.MAIN) for r in registrations]


def post(api, path: str, data=None, *, if_match: str | None = None, fmt: str = "json"):
    extra = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    if if_match is not None:
        extra["HTTP_IF_MATCH"] = if_match
    return api.post(path, data, format=fmt, **extra)


def etag(registration: Registration) -> str:
    registration.refresh_from_db()
    return f'"{registration.version}"'


def queries_of(api, path: str, **query) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(path, query).status_code == 200
    return len(captured)


# --- the registrant endpoints -------------------------------------------------------------------


def test_the_list_is_logged_as_a_search_of_the_registrations_on_its_page(police, registration_of):
    _oldest, middle, newest = (registration_of() for _ in range(3))
    registration_of(registrant="aanmelder-gemeente")  # another organisation's: not listed
    before = last_sequence()
    response = police.get(REGISTRATIONS, {"page_size": 2})
    assert [r["id"] for r in response.json()["results"]] == [
        str(newest.public_id),
        str(middle.public_id),
    ]
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=user_of(police),
        purpose=Purpose.REGISTRATION,
        registrations=[newest, middle],
        persons=main_persons(newest, middle),
    )


def test_the_list_takes_the_same_number_of_queries_for_one_row_or_many(
    police, registration_of, django_assert_max_num_queries
):
    registration_of()
    police.get(REGISTRATIONS)  # the client's first use is noted once; count from the second
    one = queries_of(police, REGISTRATIONS)
    for _ in range(4):
        registration_of()
    many = queries_of(police, REGISTRATIONS)
    assert one == many
    with django_assert_max_num_queries(one):
        police.get(REGISTRATIONS, {"status": "received"})


def test_reading_a_registration_or_its_attachments_is_logged_as_a_view(police, registration_of):
    registration = registration_of()
    for path in ("", "attachments/"):
        before = last_sequence()
        assert police.get(f"{REGISTRATIONS}{registration.public_id}/{path}").status_code == 200
        assert_entry(
            the_entry_after(before),
            event_type=EventType.VIEW,
            user=user_of(police),
            purpose=Purpose.REGISTRATION,
            registrations=[registration],
            persons=registration.persons.all(),  # the child too
        )


def test_the_registration_a_write_returns_is_logged_with_the_write(police):
    """The response to a create (and submit) shows the registration: its view is logged in the
    write's transaction, after the services' own entries; a refused create leaves no entry."""
    before = last_sequence()
    response = post(police, REGISTRATIONS, body(submit=True))
    assert response.status_code == 201, response.json()
    *changes, shown = entries_after(before)
    assert EventType.CREATE in {e.event_type for e in changes}
    registration = Registration.objects.get(public_id=response.json()["id"])
    assert_entry(
        shown,
        event_type=EventType.VIEW,
        user=user_of(police),
        purpose=Purpose.REGISTRATION,
        registrations=[registration],
        persons=registration.persons.all(),
    )
    before = last_sequence()
    incomplete = post(police, REGISTRATIONS, body(submit=True, reason=""))
    assert incomplete.status_code == 422
    assert entries_after(before) == []


def test_a_replayed_create_is_logged_as_a_view_again(police):
    """A retry with the same Idempotency-Key changes nothing but hands out the same data
    again: that is logged as a view."""
    key = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4())}
    first = police.post(REGISTRATIONS, body(submit=True), format="json", **key)
    assert first.status_code == 201
    registration = Registration.objects.get(public_id=first.json()["id"])
    before = last_sequence()
    again = police.post(REGISTRATIONS, body(submit=True), format="json", **key)
    assert again.status_code == 201
    assert again.json() == first.json()
    (shown,) = entries_after(before)
    assert_entry(
        shown,
        event_type=EventType.VIEW,
        user=user_of(police),
        purpose=Purpose.REGISTRATION,
        registrations=[registration],
        persons=registration.persons.all(),
    )


def test_a_replayed_meldpunt_write_is_logged_as_a_view_again(screener, registration_of):
    open_one = registration_of()
    path = f"{MELDPUNT}registrations/{open_one.public_id}/information-requests/"
    headers = {"HTTP_IDEMPOTENCY_KEY": str(uuid.uuid4()), "HTTP_IF_MATCH": etag(open_one)}
    data = {"question": "Is er al hulpverlening betrokken?"}
    assert screener.post(path, data, format="json", **headers).status_code in (200, 201)
    before = last_sequence()
    replayed = screener.post(path, data, format="json", **headers)
    assert replayed.status_code in (200, 201)
    (shown,) = entries_after(before)
    assert shown.event_type == EventType.VIEW
    assert shown.user_id == user_of(screener).pk
    assert str(open_one.public_id) in {o["id"] for o in shown.objects_concerned}


def test_another_organisations_registration_is_a_404_logged_as_denied(police, registration_of):
    theirs = registration_of(registrant="aanmelder-gemeente", status=Status.DRAFT)
    before = last_sequence()
    base = f"{REGISTRATIONS}{theirs.public_id}/"
    assert police.get(base).status_code == 404
    assert police.get(f"{base}attachments/").status_code == 404
    assert post(police, f"{base}submit/", if_match='"1"').status_code == 404
    viewed, listed, submitted = entries_after(before)
    for entry, event_type in (
        (viewed, EventType.VIEW),
        (listed, EventType.VIEW),
        (submitted, EventType.UPDATE),
    ):
        assert_entry(
            entry,
            event_type=event_type,
            user=user_of(police),
            purpose=Purpose.REGISTRATION,
            registrations=[theirs],  # so its privacy officer sees the attempt
            persons=theirs.persons.all(),
            outcome=Outcome.DENIED,
        )
    theirs.refresh_from_db()
    assert theirs.status == Status.DRAFT
    before = last_sequence()
    assert police.get(f"{REGISTRATIONS}{uuid.uuid4()}/").status_code == 404
    assert entries_after(before) == []  # an unknown id concerns no one


def test_a_meldpunt_client_on_the_registrant_endpoints_is_a_403_logged_as_denied(
    screener, registration_of
):
    registration = registration_of()
    before = last_sequence()
    assert screener.get(REGISTRATIONS).status_code == 403
    assert screener.get(f"{REGISTRATIONS}{registration.public_id}/").status_code == 403
    searched, viewed = entries_after(before)
    assert (searched.event_type, searched.outcome, searched.objects_concerned) == (
        EventType.SEARCH,
        Outcome.DENIED,
        [],
    )
    assert_entry(
        viewed,
        event_type=EventType.VIEW,
        user=user_of(screener),
        purpose=Purpose.REGISTRATION,
        registrations=[registration],
        persons=registration.persons.all(),
        outcome=Outcome.DENIED,
    )


@pytest.mark.parametrize("path", ["", "{id}/", "{id}/attachments/"])
def test_without_its_entry_nothing_is_returned(police, registration_of, monkeypatch, path):
    """The entry is written before the response; if it cannot be, the request fails."""
    registration = registration_of()

    def broken_disk(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("zvh.access_log.services._write", broken_disk)  # the entry's write
    with pytest.raises(DatabaseError):
        police.get(REGISTRATIONS + path.format(id=registration.public_id))


# --- the meldpunt endpoints ---------------------------------------------------------------------


def test_the_queue_is_logged_as_a_search_of_what_it_shows(screener, registration_of):
    later = registration_of(received_at=RECEIVED_AT + timedelta(days=2))
    earlier = registration_of()
    registration_of(vh="STD")  # another Veiligheidshuis's
    registration_of(status=Status.DECIDED)  # not in the queue
    before = last_sequence()
    data = screener.get(f"{MELDPUNT}queue/").json()
    assert {r["id"] for r in data["overdue"]} == {str(earlier.public_id), str(later.public_id)}
    assert_entry(
        the_entry_after(before),  # one entry for the page and the overviews: each once
        event_type=EventType.SEARCH,
        user=user_of(screener),
        purpose=Purpose.TRIAGE,
        registrations=[earlier, later],
        persons=main_persons(earlier, later),
    )


def test_the_queue_takes_the_same_number_of_queries_for_one_row_or_many(
    screener, registration_of, django_assert_max_num_queries
):
    registration_of()
    screener.get(f"{MELDPUNT}queue/")
    one = queries_of(screener, f"{MELDPUNT}queue/")
    for n in range(4):
        registration_of(received_at=RECEIVED_AT + timedelta(hours=n + 1))
    many = queries_of(screener, f"{MELDPUNT}queue/")
    assert one == many
    with django_assert_max_num_queries(one):
        screener.get(f"{MELDPUNT}queue/", {"q": "MST"})


def test_reading_a_registration_is_logged_with_the_known_persons_it_shows(
    screener, registration_of
):
    registration = registration_of()
    earlier = registration_of(received_at=RECEIVED_AT - timedelta(days=30))
    person = registration.persons.get(relation=Relation.MAIN)
    known = earlier.persons.get(relation=Relation.MAIN)
    known.bsn = person.bsn
    known.save()
    before = last_sequence()
    response = screener.get(f"{MELDPUNT}registrations/{registration.public_id}/")
    assert response.status_code == 200
    assert [m["id"] for m in response.json()["already_known"][0]["matches"]] == [
        str(earlier.public_id)
    ]
    assert_entry(
        the_entry_after(before),
        event_type=EventType.VIEW,
        user=user_of(screener),
        purpose=Purpose.TRIAGE,
        registrations=[registration, earlier],
        persons=[*registration.persons.all(), known],
    )


def test_a_meldpunt_write_logs_the_registration_it_returns(screener, registration_of):
    registration = registration_of()
    answers = {
        "answers": [
            {"criterion": c.pk, "answer": True, "motivation": "Ja."}
            for c in SelectionCriterion.objects.filter(veiligheidshuis__code="MST")
        ]
    }
    before = last_sequence()
    path = f"{MELDPUNT}registrations/{registration.public_id}/screening/"
    response = post(screener, path, answers, if_match=etag(registration))
    assert response.status_code == 200, response.json()
    *changes, shown = entries_after(before)
    assert changes
    assert {e.event_type for e in changes} == {EventType.UPDATE}
    assert_entry(
        shown,
        event_type=EventType.VIEW,
        user=user_of(screener),
        purpose=Purpose.TRIAGE,
        registrations=[registration],
        persons=registration.persons.all(),
    )


def test_the_meldpunt_refusals_are_logged_as_denied(api_for, screener, registration_of):
    sittard = registration_of(vh="STD")
    draft = registration_of(status=Status.DRAFT)
    before = last_sequence()
    assert screener.get(f"{MELDPUNT}registrations/{sittard.public_id}/").status_code == 404
    assert screener.get(f"{MELDPUNT}registrations/{draft.public_id}/").status_code == 404
    path = f"{MELDPUNT}registrations/{sittard.public_id}/information-requests/"
    question = {"question": "Is er een gezinscoach?"}
    assert post(screener, path, question, if_match=etag(sittard)).status_code == 404
    registrant = api_for(POLICE)
    mine = registration_of()
    assert registrant.get(f"{MELDPUNT}queue/").status_code == 403
    assert registrant.get(f"{MELDPUNT}registrations/{mine.public_id}/").status_code == 403
    entries = entries_after(before)
    assert [(e.event_type, e.outcome) for e in entries] == [
        (EventType.VIEW, Outcome.DENIED),
        (EventType.VIEW, Outcome.DENIED),
        (EventType.UPDATE, Outcome.DENIED),
        (EventType.SEARCH, Outcome.DENIED),
        (EventType.VIEW, Outcome.DENIED),
    ]
    assert_entry(
        entries[0],
        event_type=EventType.VIEW,
        user=user_of(screener),
        purpose=Purpose.TRIAGE,
        registrations=[sittard],  # Sittard's privacy officer sees Maastricht's attempt
        persons=sittard.persons.all(),
        outcome=Outcome.DENIED,
    )
    assert_entry(
        entries[-1],
        event_type=EventType.VIEW,
        user=user_of(registrant),
        purpose=Purpose.TRIAGE,
        registrations=[mine],
        persons=mine.persons.all(),
        outcome=Outcome.DENIED,
    )
    assert not InformationRequest.objects.exists()
