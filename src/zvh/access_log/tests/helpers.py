"""Helpers for the access log tests: quick entries, and a way past the triggers to tamper."""

import contextlib
from collections.abc import Iterator

from django.db import connection

from zvh.access_log import triggers
from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson


def record(
    *,
    user=None,
    event_type: EventType = EventType.VIEW,
    purpose: Purpose = Purpose.TRIAGE,
    persons: tuple[LoggedPerson, ...] = (),
    objects: tuple[LoggedObject, ...] = (),
    outcome: Outcome = Outcome.SUCCESS,
    **kwargs,
) -> AccessLogEntry:
    return access_log_record(
        action=EVENT_ACTIONS[event_type],
        event_type=event_type,
        user=user,
        purpose=purpose,
        objects=objects,
        persons=persons,
        outcome=outcome,
        **kwargs,
    )


@contextlib.contextmanager
def triggers_suspended() -> Iterator[None]:
    """Drop the append-only triggers for the block and put them back after. DDL is
    transactional on PostgreSQL and SQLite alike, so inside a test's transaction the drop is
    also undone by the rollback at the end of the test."""
    triggers.drop(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def raw(sql: str, params: tuple = ()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
