"""The transition table, walked pair by pair, and the one service that enforces it."""

import itertools
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import RegistrationFactory
from zvh.registrations.workflow import ALLOWED, TransitionError, can_transition, transition

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

EXPECTED_ALLOWED = {
    (Status.DRAFT, Status.RECEIVED),
    (Status.RECEIVED, Status.SCREENING),
    (Status.RECEIVED, Status.WAITING_FOR_INFORMATION),
    (Status.RECEIVED, Status.DECIDED),
    (Status.SCREENING, Status.WAITING_FOR_INFORMATION),
    (Status.SCREENING, Status.DECIDED),
    (Status.WAITING_FOR_INFORMATION, Status.SCREENING),
    (Status.DECIDED, Status.CLOSED),
    (Status.CLOSED, Status.DECIDED),
}


def test_the_table_is_exactly_the_intended_one():
    assert {(a, b) for a, targets in ALLOWED.items() for b in targets} == EXPECTED_ALLOWED
    assert set(ALLOWED) == set(Status)


@pytest.fixture
def registration(demo_users, houses):
    return RegistrationFactory(registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"])


@pytest.mark.parametrize(("start", "target"), list(itertools.product(Status, Status)))
def test_every_pair_is_allowed_or_refused_as_the_table_says(
    registration, demo_users, start, target
):
    registration.status = start
    registration.save()
    screener = demo_users["screener"]
    if (start, target) in EXPECTED_ALLOWED:
        moved = transition(registration=registration, to=target, by=screener, at=NOW, why="test")
        assert moved.status == target
        assert moved.version == 2
        row = StatusChange.objects.get(registration=registration)
        assert (row.from_status, row.to_status, row.by, row.at, row.why) == (
            start,
            target,
            screener,
            NOW,
            "test",
        )
    else:
        assert not can_transition(start, target)
        with pytest.raises(TransitionError) as error:
            transition(registration=registration, to=target, by=screener, at=NOW)
        assert error.value.code == "transition_not_allowed"
        registration.refresh_from_db()
        assert registration.status == start
        assert registration.version == 1
        assert not StatusChange.objects.exists()


def test_acting_on_a_stale_page_is_a_conflict_not_an_overwrite(registration, demo_users):
    registration.status = Status.SCREENING
    registration.save()
    stale = type(registration).objects.get(pk=registration.pk)
    transition(registration=registration, to=Status.DECIDED, by=demo_users["screener"], at=NOW)
    with pytest.raises(TransitionError) as error:
        transition(
            registration=stale,
            to=Status.WAITING_FOR_INFORMATION,
            by=demo_users["screener"],
            at=NOW,
            expected_from=Status.SCREENING,
        )
    assert error.value.code == "conflict"
    assert "Iemand anders" in error.value.messages[0]
    assert StatusChange.objects.count() == 1


def test_the_row_is_locked_while_moving(registration):
    registration.status = Status.RECEIVED
    registration.save()
    with CaptureQueriesContext(connection) as ctx:
        transition(registration=registration, to=Status.SCREENING, by=None, at=NOW)
    statements = [q["sql"] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    # lock-and-read, update, read the new version, append history
    assert len(statements) == 4
    sql = " ".join(statements)
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sql
