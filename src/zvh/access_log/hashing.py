"""The canonical serialisation of an entry and its hash.

Canonical: JSON with sorted keys, no whitespace, UTF-8; the time in UTC, ISO 8601 with
microseconds; the person keys sorted; ``v`` names this format, so a later change can be told
apart. Changing what goes in here breaks verification of every existing entry.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

FORMAT_VERSION = 1


def utc_iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def canonical_bytes(entry: Any, person_keys: Iterable[str]) -> bytes:
    document = {
        "v": FORMAT_VERSION,
        "sequence": int(entry.sequence),
        "event_id": str(entry.event_id),
        "action": str(entry.action),
        "event_type": str(entry.event_type),
        "occurred_at": utc_iso(entry.occurred_at),
        "outcome": str(entry.outcome),
        "user_id": entry.user_id,
        "username": entry.username,
        "organisation_id": entry.organisation_id,
        "organisation_name": entry.organisation_name,
        "veiligheidshuis_id": entry.veiligheidshuis_id,
        "roles": entry.roles,
        "purpose": str(entry.purpose),
        "objects": entry.objects_concerned,
        "persons": sorted(person_keys),
        "client_address": entry.client_address,
        "previous_hash": entry.previous_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: Any, person_keys: Iterable[str]) -> str:
    """SHA-256 (hex) of the canonical serialisation, which includes the previous entry's hash."""
    return hashlib.sha256(canonical_bytes(entry, person_keys)).hexdigest()
