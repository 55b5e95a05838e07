"""The database itself rejects UPDATE and DELETE on the log (PostgreSQL and SQLite triggers)."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from zvh.access_log import triggers
from zvh.access_log.models import AccessLogChainHead, AccessLogEntry, AccessLogSubject
from zvh.access_log.values import LoggedPerson

from .helpers import raw, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(demo_users):
    return record(user=demo_users["screener"], persons=(LoggedPerson(bsn="111222333"),))


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_the_migration_installed_the_triggers():
    assert set(triggers.trigger_names()[connection.vendor]) <= installed_triggers()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_log_accesslogentry SET purpose = 'administration'",
        "DELETE FROM access_log_accesslogentry",
        "UPDATE access_log_accesslogsubject SET person_key = 'x'",
        "DELETE FROM access_log_accesslogsubject",
        "DELETE FROM access_log_accesslogchainhead",
    ],
)
def test_raw_sql_cannot_change_or_remove_entries(entry, statement):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(statement)
    assert AccessLogEntry.objects.filter(pk=entry.pk, purpose=entry.purpose).exists()
    assert AccessLogSubject.objects.filter(entry=entry).count() == 1


def test_the_orm_cannot_change_or_remove_entries(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(username="someone-else")
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogSubject.objects.all().delete()
    assert AccessLogEntry.objects.get(pk=entry.pk).username == "screener"


def test_emptying_the_tables_wholesale_is_rejected(entry):
    """PostgreSQL: TRUNCATE. SQLite has no TRUNCATE; its equivalent is an unconditional DELETE
    (the "truncate optimisation"), which must hit the triggers too."""
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses while FK checks are pending
        statement = "TRUNCATE {} CASCADE"
    else:
        statement = "DELETE FROM {}"
    for table in (triggers.SUBJECT_TABLE, triggers.ENTRY_TABLE, triggers.HEAD_TABLE):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(statement.format(table))
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()


def test_the_chain_head_may_move_on_but_not_disappear(entry):
    assert AccessLogChainHead.objects.get().sequence == entry.sequence
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogChainHead.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_flush_keeps_the_access_log(entry):
    """``manage.py flush`` (and the flush after every transactional test) empties every other
    table but leaves the log and its chain head alone."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert AccessLogChainHead.objects.get().sequence == entry.sequence
