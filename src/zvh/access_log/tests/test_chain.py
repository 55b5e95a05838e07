"""Every entry is hash-chained to the one before; concurrent writers never fork the chain."""

import contextlib
import datetime as dt
import threading
import time

import pytest
from django.db import (
    DatabaseError,
    OperationalError,
    connection,
    transaction,
)
from django.db.transaction import TransactionManagementError

from zvh.access_log.enums import Action, EventType, Outcome, Purpose
from zvh.access_log.hashing import entry_hash
from zvh.access_log.models import (
    GENESIS_HASH,
    AccessLogChainHead,
    AccessLogEntry,
)
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.access_log.verification import access_log_verify
from zvh.accounts.models import User

from .helpers import record

pytestmark = pytest.mark.django_db


def test_entries_are_chained_from_the_genesis_hash(demo_users):
    first, second, third = (record(user=demo_users["screener"]) for _ in range(3))
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    head = AccessLogChainHead.objects.get()
    assert (head.sequence, head.hash) == (3, third.hash)


def test_an_entry_keeps_what_nen_7513_asks_for(demo_users):
    screener = demo_users["screener"]
    person = LoggedPerson(
        bsn="111222333", surname="van Dijk", given_names="Jan", date_of_birth=dt.date(1980, 1, 2)
    )
    entry = access_log_record(
        action=Action.READ,
        event_type=EventType.VIEW,
        user=screener,
        purpose=Purpose.TRIAGE,
        objects=[LoggedObject(kind="registration", id="abc", reference="MST-2026-00001")],
        persons=[person],
        outcome=Outcome.SUCCESS,
        client_address="192.0.2.7",
    )
    entry = AccessLogEntry.objects.get(pk=entry.pk)
    assert entry.event_id is not None
    assert (entry.action, entry.event_type, entry.outcome) == ("R", "view", "success")
    assert entry.occurred_at.tzinfo is not None
    assert entry.occurred_at.utcoffset() == dt.timedelta(0)
    assert (entry.user_id, entry.username) == (screener.pk, "screener")
    assert entry.organisation_name == "Zorg- en Veiligheidshuis Maastricht"
    assert entry.veiligheidshuis_id == screener.veiligheidshuis.pk
    assert entry.roles == "screener"
    assert entry.objects_concerned == [
        {"type": "registration", "id": "abc", "ref": "MST-2026-00001"}
    ]
    assert entry.client_address == "192.0.2.7"
    keys = sorted(entry.subjects.values_list("person_key", flat=True))
    assert keys == sorted(person.keys)
    assert len(keys) == 2
    # No plain personal data anywhere in the entry.
    stored = str(AccessLogEntry.objects.filter(pk=entry.pk).values().get()) + str(keys)
    for plain in ("111222333", "Dijk", "Jan", "1980-01-02"):
        assert plain not in stored
    assert entry_hash(entry, keys) == entry.hash


def test_the_action_code_must_match_the_event(demo_users):
    with pytest.raises(ValueError, match="logged with action"):
        access_log_record(
            action=Action.UPDATE,
            event_type=EventType.EXPORT,
            user=demo_users["privacy"],
            purpose=Purpose.PRIVACY_REVIEW,
            objects=(),
            persons=(),
            outcome=Outcome.SUCCESS,
        )


def test_a_naive_time_is_refused(demo_users):
    with pytest.raises(ValueError, match="timezone-aware"):
        record(user=demo_users["screener"], at=dt.datetime(2026, 1, 1, 12))  # noqa: DTZ001


def test_the_time_is_stored_in_utc(demo_users):
    amsterdam = dt.timezone(dt.timedelta(hours=1))
    entry = record(
        user=demo_users["screener"], at=dt.datetime(2026, 1, 1, 12, 0, 5, tzinfo=amsterdam)
    )
    stored = AccessLogEntry.objects.get(pk=entry.pk).occurred_at
    assert stored == dt.datetime(2026, 1, 1, 11, 0, 5, tzinfo=dt.UTC)
    assert stored.utcoffset() == dt.timedelta(0)


def test_the_veiligheidshuis_of_the_object_wins_over_the_users(demo_users, houses):
    sittard = houses["STD"]
    entry = record(
        user=demo_users["aanmelder"],
        purpose=Purpose.REGISTRATION,
        objects=(LoggedObject(kind="registration", id="x", veiligheidshuis_id=sittard.pk),),
    )
    assert entry.veiligheidshuis_id == sittard.pk
    assert record(user=demo_users["aanmelder"]).veiligheidshuis_id is None


def test_a_rollback_of_the_action_takes_its_entry_with_it(demo_users):
    class ActionFailedError(Exception):
        pass

    before = AccessLogEntry.objects.count()

    def act_and_fail() -> None:
        with transaction.atomic():
            record(user=demo_users["screener"])
            raise ActionFailedError

    with pytest.raises(ActionFailedError):
        act_and_fail()
    assert AccessLogEntry.objects.count() == before
    assert AccessLogChainHead.objects.get().sequence == before
    # The chain goes on where it was.
    assert record(user=demo_users["screener"]).sequence == before + 1
    assert access_log_verify().intact


def test_when_the_entry_cannot_be_written_the_action_fails(demo_users, monkeypatch):
    """A failed entry marks the caller's transaction for rollback: even a caller that swallows
    the error cannot commit its action."""
    screener = demo_users["screener"]
    head_before = AccessLogChainHead.objects.get()
    entries_before = AccessLogEntry.objects.count()

    def broken_disk(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("zvh.access_log.services._write", broken_disk)
    with transaction.atomic():
        User.objects.filter(pk=screener.pk).update(first_name="Veranderd")
        with contextlib.suppress(DatabaseError):
            record(user=screener, persons=(LoggedPerson(bsn="111222333"),))
        with pytest.raises(TransactionManagementError):
            User.objects.filter(pk=screener.pk).update(last_name="Ook veranderd")
    screener.refresh_from_db()
    assert screener.first_name == "Sanne"
    assert AccessLogEntry.objects.count() == entries_before
    assert AccessLogChainHead.objects.get() == head_before


def _append_retrying_shared_cache_locks(user) -> None:
    """One whole transaction per attempt. The SQLite test database is in memory with a shared
    cache, where a second writer gets "database table is locked" at once instead of waiting for
    the busy timeout as on the file database zvh runs on (WAL, BEGIN IMMEDIATE, 20 s timeout);
    there, and only there, the attempt is repeated. PostgreSQL waits on the head row's lock."""
    for _attempt in range(2000):
        try:
            with transaction.atomic():
                record(user=user, persons=(LoggedPerson(bsn="111222333"),))
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.002)
    raise AssertionError("could not append")


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_give_one_unbroken_chain(demo_users):
    threads_count, per_thread = 6, 5
    before = AccessLogChainHead.objects.get().sequence
    user_pk = demo_users["screener"].pk
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def append() -> None:
        try:
            user = User.objects.get(pk=user_pk)
            barrier.wait()
            for _ in range(per_thread):
                _append_retrying_shared_cache_locks(user)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    total = threads_count * per_thread
    sequences = list(
        AccessLogEntry.objects.filter(sequence__gt=before).values_list("sequence", flat=True)
    )
    assert sequences == list(range(before + 1, before + total + 1))
    assert AccessLogChainHead.objects.get().sequence == before + total
    report = access_log_verify(chunk_size=7)
    assert report.intact, report.broken
    assert report.checked == before + total
