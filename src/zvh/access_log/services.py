"""Writing the access log. Every write goes through ``access_log_record``."""

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.db import connection, transaction
from django.utils import timezone

from .enums import EVENT_ACTIONS, Action, EventType, Outcome, Purpose
from .hashing import entry_hash
from .models import AccessLogChainHead, AccessLogEntry, AccessLogSubject
from .values import LoggedObject, LoggedPerson


class ChainHeadMissingError(RuntimeError):
    """The chain head row (created by migration 0002) is gone; nothing can be appended."""


def access_log_record(
    *,
    event_type: EventType,
    action: Action | None = None,
    user: Any,
    purpose: Purpose,
    objects: Iterable[LoggedObject],
    persons: Iterable[LoggedPerson],
    outcome: Outcome,
    client_address: str = "",
    at: dt.datetime | None = None,
    veiligheidshuis_id: int | None = None,
) -> AccessLogEntry:
    """Append one entry to the chain, inside the caller's transaction.

    Rules:
    - No action without its entry: the entry is written in the caller's transaction (or its own
      when there is none) without a savepoint, so a rollback of the action takes the entry with
      it, and a failure to write the entry marks the whole transaction for rollback.
    - Appends are serialised on the chain head row (``SELECT … FOR UPDATE`` on PostgreSQL; the
      write lock of ``BEGIN IMMEDIATE`` on SQLite), which stays locked until the caller commits:
      record at the end of the caller's transaction. Unique sequence numbers and previous hashes
      make a fork impossible even without the lock.
    - The action code is the one ``EVENT_ACTIONS`` gives the event type (``action``, if given,
      must be that one).
    - ``at`` (default: now, read under the lock, so times follow the chain) must be aware; it is
      stored in UTC.
    - The entry belongs to ``veiligheidshuis_id`` if given, else to that of the first object
      that has one, else to the user's Veiligheidshuis (None for a partner's user without
      objects: then no privacy officer sees it in the pages, only in the database).
    - Denied attempts are logged with ``Outcome.DENIED``; an action that failed is logged with
      ``Outcome.ERROR`` after its own transaction rolled back.
    - ``user`` may be None (a scheduled job); ``client_address`` is the address the request
      came from (``client.client_address`` in the view; empty without a request).
    """
    if action is None:
        action = EVENT_ACTIONS[EventType(event_type)]
    if EVENT_ACTIONS[EventType(event_type)] != action:
        raise ValueError(f"Event {event_type} is logged with action {EVENT_ACTIONS[event_type]}.")
    if at is not None and timezone.is_naive(at):
        raise ValueError("The time of an access log entry must be timezone-aware.")
    objects = list(objects)
    keys = frozenset().union(*(person.keys for person in persons))
    entry = AccessLogEntry(
        action=action,
        event_type=event_type,
        outcome=outcome,
        purpose=purpose,
        objects_concerned=[obj.as_json() for obj in objects],
        client_address=client_address,
        **_actor(user),
    )
    entry.veiligheidshuis_id = _veiligheidshuis_id(veiligheidshuis_id, objects, user)
    with transaction.atomic(savepoint=False):
        head = AccessLogChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            raise ChainHeadMissingError("The access log chain head is missing.")
        entry.sequence = head.sequence + 1
        entry.previous_hash = head.hash
        entry.occurred_at = (at or timezone.now()).astimezone(dt.UTC)
        entry.hash = entry_hash(entry, keys)
        _write(entry, sorted(keys))
    return entry


def _write(entry: AccessLogEntry, keys: list[str]) -> None:
    """Store the entry, its subjects and the new chain head (under the head's lock)."""
    if connection.vendor == "postgresql":
        _write_in_one_statement(entry, keys)
        return
    entry.save(force_insert=True)
    AccessLogSubject.objects.bulk_create(
        AccessLogSubject(entry=entry, person_key=key) for key in keys
    )
    AccessLogChainHead.objects.filter(pk=1).update(sequence=entry.sequence, hash=entry.hash)


def _write_in_one_statement(entry: AccessLogEntry, keys: list[str]) -> None:
    """PostgreSQL: the entry, its subjects and the new chain head in one statement.

    The chain head stays locked from the ``SELECT … FOR UPDATE`` to the commit, and every round
    trip in between is one more wait for the web process's CPU (and, with threads, the GIL)
    while every other append queues on the lock: one statement instead of three keeps the
    appends from serialising the pages under load (issue 7). The same rows as ``save`` and
    ``bulk_create`` would write.
    """
    fields = [f for f in AccessLogEntry._meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(entry, True), connection) for f in fields]
    columns = [cast(str, f.column) for f in fields]  # a concrete field always has a column
    entry_table = AccessLogEntry._meta.db_table
    sql = (
        f"WITH e AS (INSERT INTO {entry_table} ({', '.join(columns)}) "  # noqa: S608  # nosec B608 (model metadata only)
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id), "
        f"s AS (INSERT INTO {AccessLogSubject._meta.db_table} (entry_id, person_key) "
        "SELECT e.id, k FROM e, unnest(%s::varchar[]) AS k), "
        f"h AS (UPDATE {AccessLogChainHead._meta.db_table} SET sequence = %s, hash = %s "
        "WHERE id = 1) SELECT id FROM e"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, keys, entry.sequence, entry.hash])
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias


def _actor(user: Any) -> dict[str, Any]:
    """Snapshot of who acted: id, username, organisation and roles as they are now."""
    if user is None or not getattr(user, "is_authenticated", False):
        return {"user_id": None, "username": "", "organisation_id": None, "roles": ""}
    organisation = user.organisation
    return {
        "user_id": user.pk,
        "username": user.get_username(),
        "organisation_id": organisation.pk if organisation else None,
        "organisation_name": organisation.name if organisation else "",
        "roles": ",".join(sorted(str(code) for code in user.role_codes)),
    }


def _veiligheidshuis_id(given: int | None, objects: list[LoggedObject], user: Any) -> int | None:
    if given is not None:
        return given
    for obj in objects:
        if obj.veiligheidshuis_id is not None:
            return obj.veiligheidshuis_id
    if user is not None and getattr(user, "is_authenticated", False):
        organisation = user.organisation
        if organisation is not None:
            own: int | None = organisation.veiligheidshuis_id
            return own
    return None
