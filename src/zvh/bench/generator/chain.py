"""The access log, written as ``zvh.access_log`` would have written it: entries in time order,
each hashed with ``zvh.access_log.hashing.entry_hash`` over the previous entry's hash, and the
chain head pointing at the last one."""

import datetime as dt
import hashlib
import heapq
import json
import random
import uuid
from dataclasses import dataclass

from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.hashing import FORMAT_VERSION, canonical_bytes, utc_iso
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
    #: ``objects`` as canonical JSON (``canonical_json``), serialised once per registration
    objects_json: str
    #: the person keys, sorted and unique
    person_keys: tuple[str, ...]
    #: ``person_keys`` as canonical JSON, serialised once per registration
    persons_json: str


def canonical_json(value: object) -> str:
    """JSON exactly as ``zvh.access_log.hashing.canonical_bytes`` writes every value."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


#: The keys of ``canonical_bytes``'s document, in the order its ``sort_keys`` writes them.
CANONICAL_KEYS = (
    "action", "client_address", "event_id", "event_type", "objects", "occurred_at",
    "organisation_id", "organisation_name", "outcome", "persons", "previous_hash", "purpose",
    "roles", "sequence", "user_id", "username", "v", "veiligheidshuis_id",
)  # fmt: skip
#: Where each entry's own values go in a template (``Chain._template``), in this order.
PER_ENTRY = {
    "event_id": '"%s"',
    "objects": "%s",
    "occurred_at": '"%s"',
    "persons": "%s",
    "previous_hash": '"%s"',
    "sequence": "%s",
}
#: Every this many entries, the fast serialisation is checked against ``canonical_bytes``.
CHECK_EVERY = 10_000


class _Entry:
    """What ``entry_hash`` reads, without a model instance per row (for the spot checks)."""

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
    later event will precede.

    The hash is ``zvh.access_log.hashing.entry_hash``'s: SHA-256 of the canonical JSON. That
    JSON is formatted here from a template serialised once per actor, event type and house,
    and the objects and persons serialised once per registration (json.dumps of every entry
    was most of the chain's time). JSON is compositional, so the bytes are the same; every
    ``CHECK_EVERY``-th entry is checked against ``canonical_bytes`` itself, and
    ``verify_access_log`` checks them all.
    """

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
        self._templates: dict[tuple[int, str, str, int], str] = {}

    def add(self, event: Event) -> None:
        self._pushed += 1
        heapq.heappush(self._heap, (event.at, self._pushed, event))

    def release(self, *, before: dt.datetime | None = None) -> None:
        heap = self._heap
        while heap and (before is None or heap[0][0] < before):
            self._append(heapq.heappop(heap)[2])

    def _template(self, event: Event) -> str:
        """The canonical JSON of ``event``'s entries, with ``%s`` where the per-entry values
        go (event id, objects, time, persons, previous hash, sequence, in that order)."""
        actor = event.actor
        key = (actor.id, event.event_type, event.purpose, event.veiligheidshuis_id)
        template = self._templates.get(key)
        if template is None:
            fixed = {
                "action": str(EVENT_ACTIONS[event.event_type]),
                "client_address": _client_address(actor),
                "event_type": str(event.event_type),
                "organisation_id": actor.organisation_id,
                "organisation_name": actor.organisation_name,
                "outcome": str(Outcome.SUCCESS),
                "purpose": str(event.purpose),
                "roles": actor.roles,
                "user_id": actor.id,
                "username": actor.username,
                "v": FORMAT_VERSION,
                "veiligheidshuis_id": event.veiligheidshuis_id,
            }
            parts = {k: canonical_json(v).replace("%", "%%") for k, v in fixed.items()}
            parts |= PER_ENTRY
            template = "{" + ",".join(f'"{k}":{parts[k]}' for k in CANONICAL_KEYS) + "}"
            self._templates[key] = template
        return template

    def _append(self, event: Event) -> None:
        self.sequence += 1
        sequence = self.sequence
        actor = event.actor
        event_id = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        canonical = (
            self._template(event)
            % (
                event_id,
                event.objects_json,
                utc_iso(event.at),
                event.persons_json,
                self.last_hash,
                sequence,
            )
        ).encode()
        if sequence % CHECK_EVERY == 1:
            self._check(event, sequence, event_id, canonical)
        digest = hashlib.sha256(canonical).hexdigest()
        self.sink.add(
            self.entries,
            (
                sequence,
                sequence,
                event_id,
                str(EVENT_ACTIONS[event.event_type]),
                str(event.event_type),
                event.at,
                str(Outcome.SUCCESS),
                actor.id,
                actor.username,
                actor.organisation_id,
                actor.organisation_name,
                event.veiligheidshuis_id,
                actor.roles,
                str(event.purpose),
                event.objects_json,
                _client_address(actor),
                self.last_hash,
                digest,
            ),
        )
        for key in event.person_keys:
            self.subject_id += 1
            self.sink.add(self.subjects, (self.subject_id, sequence, key))
        self.last_hash = digest

    def _check(self, event: Event, sequence: int, event_id: uuid.UUID, canonical: bytes) -> None:
        """The fast serialisation must be ``canonical_bytes``'s, byte for byte."""
        entry = _Entry()
        actor = event.actor
        entry.sequence = sequence
        entry.event_id = event_id
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
        entry.client_address = _client_address(actor)
        entry.previous_hash = self.last_hash
        expected = canonical_bytes(entry, event.person_keys)
        if canonical != expected:
            raise AssertionError(f"access-log entry {sequence}: serialisation differs")

    def finish(self) -> None:
        self.release()
        self.sink.flush()
        AccessLogChainHead.objects.update_or_create(
            pk=1, defaults={"sequence": self.sequence, "hash": self.last_hash}
        )


def _client_address(actor: Actor) -> str:
    return f"10.{actor.organisation_id % 250}.{actor.id % 250}.1"
