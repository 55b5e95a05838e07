"""The access log's own retention: entries older than its period (at least five years) go, as a
prefix of the chain behind a checkpoint, and ``verify_access_log`` stays green."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from zvh.access_log.models import AccessLogCheckpoint, AccessLogEntry, AccessLogSubject
from zvh.access_log.purge import access_log_purge, years_before
from zvh.access_log.values import LoggedPerson
from zvh.access_log.verification import BreakKind, access_log_verify

from .helpers import raw, record, triggers_suspended

pytestmark = pytest.mark.django_db


@pytest.fixture
def now() -> dt.datetime:
    return timezone.now()


@pytest.fixture
def chain(demo_users, now) -> dict[str, list[AccessLogEntry]]:
    """Three entries of six years ago (with a person), then two of today."""
    assert not AccessLogEntry.objects.exists(), "these tests need the log to start empty"
    old_time = years_before(now, 6)
    person = (LoggedPerson(bsn="111222333"),)
    screener = demo_users["screener"]
    old = [
        record(user=screener, persons=person, at=old_time + dt.timedelta(minutes=i))
        for i in range(3)
    ]
    recent = [record(user=screener, persons=person) for _ in range(2)]
    return {"old": old, "recent": recent}


def verify() -> str:
    out = io.StringIO()
    call_command("verify_access_log", stdout=out)
    return out.getvalue()


def test_the_dry_run_counts_and_changes_nothing(chain, now):
    report = access_log_purge(now=now, dry_run=True)
    assert (report.count, report.first, report.last) == (3, 1, 3)
    assert AccessLogEntry.objects.count() == 5
    assert not AccessLogCheckpoint.objects.exists()


def test_the_purge_removes_only_the_old_prefix_and_the_chain_verifies(chain, now):
    report = access_log_purge(now=now)
    assert (report.count, report.first, report.last) == (3, 1, 3)
    kept = set(AccessLogEntry.objects.values_list("sequence", flat=True))
    assert kept == {4, 5, 6}  # the two recent entries, and the purge's own entry
    assert not AccessLogSubject.objects.filter(entry__sequence__lte=3).exists()
    checkpoint = AccessLogCheckpoint.objects.get()
    assert (checkpoint.sequence, checkpoint.hash, checkpoint.removed) == (
        3,
        chain["old"][2].hash,
        3,
    )
    purge_entry = AccessLogEntry.objects.get(sequence=6)
    assert (purge_entry.action, purge_entry.event_type, purge_entry.purpose) == (
        "D",
        "delete",
        "retention",
    )
    assert purge_entry.objects_concerned == [{"type": "access_log", "id": "1-3", "ref": "3"}]
    report = access_log_verify()
    assert (report.intact, report.checked, report.started_after) == (True, 3, 3)
    assert "3 entries verified (from the retention checkpoint at sequence 3)" in verify()


def test_a_second_purge_removes_nothing_and_logs_nothing(chain, now):
    access_log_purge(now=now)
    count = AccessLogEntry.objects.count()
    assert access_log_purge(now=now).count == 0
    assert AccessLogEntry.objects.count() == count
    assert AccessLogCheckpoint.objects.count() == 1


def test_a_longer_period_keeps_the_entries(chain, now, settings):
    settings.ZVH_ACCESS_LOG_RETENTION_YEARS = 7
    assert access_log_purge(now=now).count == 0
    assert AccessLogEntry.objects.count() == 5


def test_a_period_under_five_years_is_refused(chain, now, settings):
    settings.ZVH_ACCESS_LOG_RETENTION_YEARS = 4
    with pytest.raises(ImproperlyConfigured):
        access_log_purge(now=now)
    assert AccessLogEntry.objects.count() == 5


def test_an_old_entry_behind_a_young_one_waits(demo_users, now):
    """Only a prefix goes: an entry whose time was passed in as old, after a recent one, stays
    until everything before it may go too."""
    assert not AccessLogEntry.objects.exists()
    record(user=demo_users["screener"])
    record(user=demo_users["screener"], at=years_before(now, 6))
    assert access_log_purge(now=now).count == 0


def test_the_database_refuses_deleting_a_young_entry_even_behind_a_checkpoint(chain, now):
    AccessLogCheckpoint.objects.create(
        sequence=5, hash=chain["recent"][1].hash, created_at=now, removed=5, cutoff=now
    )
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("DELETE FROM access_log_accesslogsubject WHERE entry_id = %s", (chain["recent"][0].pk,))
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (chain["recent"][0].pk,))


def test_the_database_refuses_deleting_an_old_entry_without_a_checkpoint(chain):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AccessLogSubject.objects.filter(entry=chain["old"][0]).delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (chain["old"][0].pk,))


def test_checkpoints_cannot_be_changed_or_removed(chain, now):
    access_log_purge(now=now)
    for statement in (
        "UPDATE access_log_accesslogcheckpoint SET sequence = 1",
        "DELETE FROM access_log_accesslogcheckpoint",
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            raw(statement)


def test_removing_the_start_without_a_checkpoint_is_found(chain):
    with triggers_suspended():
        raw("DELETE FROM access_log_accesslogsubject WHERE entry_id = %s", (chain["old"][0].pk,))
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (chain["old"][0].pk,))
    broken = access_log_verify().broken
    assert (broken.kind, broken.sequence) == (BreakKind.MISSING, 2)


def test_a_checkpoint_with_a_wrong_hash_is_found(chain, now):
    access_log_purge(now=now)
    with triggers_suspended():
        raw("UPDATE access_log_accesslogcheckpoint SET hash = %s", ("f" * 64,))
    broken = access_log_verify().broken
    assert (broken.kind, broken.sequence) == (BreakKind.OUT_OF_PLACE, 4)


def test_removing_more_than_the_checkpoint_covers_is_found(chain, now):
    access_log_purge(now=now)
    with triggers_suspended():
        raw("DELETE FROM access_log_accesslogsubject WHERE entry_id = %s", (chain["recent"][0].pk,))
        raw("DELETE FROM access_log_accesslogentry WHERE id = %s", (chain["recent"][0].pk,))
    assert access_log_verify().broken.kind == BreakKind.MISSING
