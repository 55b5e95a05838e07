"""The access log, written as ``zvh.access_log`` would have written it: entries in time order,
each hashed with ``zvh.access_log.hashing.entry_hash`` over the previous entry's hash, and the
chain head pointing at the last one."""

import datetime as dt
import heapq
import random
import uuid
from dataclasses import dataclass

from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.hashing import entry_hash
from zvh.access_log.models import (
    GENESIS_HASH,
    AccessLogChainHead,
    AccessLogEntry,
    AccessLogSubject,
)

from .network import Actor
from .sink import RowSink

ENTRY_FIELDS = (
    "id",
    "sequence",
    "event_id",
    "action",
    "event_type",
    "occurred_at",
    "outcome",
    "user_id",
    "username",
    "organisation_id",
    "organisation_name",
    "veiligheidshuis_id",
    "roles",
    "purpose",
    "objects_concerned",
    "client_address",
    "previous_hash",
    "hash",
)


@dataclass(frozen=True, slots=True)
class Event:
    """One access, waiting in time order to be chained."""

    at: dt.datetime
    event_type: EventType
    purpose: Purpose
    actor: Actor
    veiligheidshuis_id: int
    objects: tuple[dict[str, str], ...]
    #: ``objects`` as JSON, serialised once per registration rather than once per entry
    objects_json: str
    person_keys: tuple[str, ...]


class _Entry:
    """What ``entry_hash`` reads, without a model instance per row."""

    __slots__ = (
        "action",
        "client_address",
        "event_id",
        "event_type",
        "objects_concerned",
        "occurred_at",
        "organisation_id",
        "organisation_name",
        "outcome",
        "previous_hash",
        "purpose",
        "roles",
        "sequence",
        "user_id",
        "username",
        "veiligheidshuis_id",
    )


class Chain:
    """Collects events (any order within the look-ahead) and appends them in time order:
    ``release(before=t)`` chains every event earlier than ``t``, which the caller promises no
    later event will precede."""

    def __init__(self, *, sink: RowSink, rng: random.Random) -> None:
        self.sink = sink
        self.rng = rng
        self.entries = sink.table(AccessLogEntry, ENTRY_FIELDS)
        self.subjects = sink.table(AccessLogSubject, ("id", "entry", "person_key"))
        self._heap: list[tuple[dt.datetime, int, Event]] = []
        self._pushed = 0
        self.sequence = 0
        self.subject_id = 0
        self.last_hash = GENESIS_HASH
        self._entry = _Entry()

    def add(self, event: Event) -> None:
        self._pushed += 1
        heapq.heappush(self._heap, (event.at, self._pushed, event))

    def release(self, *, before: dt.datetime | None = None) -> None:
        heap = self._heap
        while heap and (before is None or heap[0][0] < before):
            self._append(heapq.heappop(heap)[2])

    def _append(self, event: Event) -> None:
        rng = self.rng
        entry = self._entry
        self.sequence += 1
        actor = event.actor
        entry.sequence = self.sequence
        entry.event_id = uuid.UUID(int=rng.getrandbits(128), version=4)
        entry.action = EVENT_ACTIONS[event.event_type]
        entry.event_type = event.event_type
        entry.occurred_at = event.at
        entry.outcome = Outcome.SUCCESS
        entry.user_id = actor.id
        entry.username = actor.username
        entry.organisation_id = actor.organisation_id
        entry.organisation_name = actor.organisation_name
        entry.veiligheidshuis_id = event.veiligheidshuis_id
        entry.roles = actor.roles
        entry.purpose = event.purpose
        entry.objects_concerned = list(event.objects)
        entry.client_address = f"10.{actor.organisation_id % 250}.{actor.id % 250}.1"
        entry.previous_hash = self.last_hash
        keys = sorted(set(event.person_keys))
        digest = entry_hash(entry, keys)
        self.sink.add(
            self.entries,
            (
                self.sequence,
                self.sequence,
                entry.event_id,
                str(entry.action),
                str(entry.event_type),
                entry.occurred_at,
                str(entry.outcome),
                entry.user_id,
                entry.username,
                entry.organisation_id,
                entry.organisation_name,
                entry.veiligheidshuis_id,
                entry.roles,
                str(entry.purpose),
                event.objects_json,
                entry.client_address,
                entry.previous_hash,
                digest,
            ),
        )
        for key in keys:
            self.subject_id += 1
            self.sink.add(self.subjects, (self.subject_id, self.sequence, key))
        self.last_hash = digest

    def finish(self) -> None:
        self.release()
        self.sink.flush()
        AccessLogChainHead.objects.update_or_create(
            pk=1, defaults={"sequence": self.sequence, "hash": self.last_hash}
        )
