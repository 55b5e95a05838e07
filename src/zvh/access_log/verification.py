"""Walking the chain: is every entry unchanged, present and in its place?"""

import enum
import uuid
from dataclasses import dataclass

from .hashing import entry_hash
from .models import GENESIS_HASH, AccessLogChainHead, AccessLogCheckpoint, AccessLogEntry


class BreakKind(enum.StrEnum):
    MISSING = "missing"
    OUT_OF_PLACE = "out_of_place"
    ALTERED = "altered"
    HEAD = "head"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainBreak:
    kind: BreakKind
    sequence: int | None
    event_id: uuid.UUID | None
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChainReport:
    checked: int
    broken: ChainBreak | None
    #: The retention checkpoint the walk started from (0: the genesis hash).
    started_after: int = 0

    @property
    def intact(self) -> bool:
        return self.broken is None


def access_log_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the entries in sequence order, in chunks (constant memory), and stop at the first
    broken link. The walk starts at the genesis hash, or, after a retention purge, at the
    checkpoint recorded for the last entry removed (``_starting_point``). Per entry, in order:

    1. its sequence number follows the previous one (else entries are missing before it);
    2. its previous hash is the previous entry's hash (else it was moved, or replaced);
    3. its hash is the hash of its contents (else its contents or subjects were altered).

    Finally the chain head must point at the last entry (else entries were cut off the end).
    """
    first = AccessLogEntry.objects.order_by("sequence").first()
    start = _starting_point(first)
    if isinstance(start, ChainBreak):
        return ChainReport(checked=0, broken=start)
    expected_sequence, previous_hash = start
    started_after = expected_sequence - 1
    checked = 0
    entries = AccessLogEntry.objects.order_by("sequence").prefetch_related("subjects")
    for entry in entries.iterator(chunk_size=chunk_size):
        broken = _entry_break(entry, expected_sequence, previous_hash)
        if broken is not None:
            return ChainReport(checked=checked, started_after=started_after, broken=broken)
        checked += 1
        expected_sequence += 1
        previous_hash = entry.hash
    head = AccessLogChainHead.objects.filter(pk=1).first()
    last_sequence = expected_sequence - 1
    if head is None or head.sequence != last_sequence or head.hash != previous_hash:
        return ChainReport(
            checked=checked,
            started_after=started_after,
            broken=ChainBreak(
                kind=BreakKind.HEAD,
                sequence=head.sequence if head else None,
                event_id=None,
                detail=f"the chain head says the last entry is {head.sequence if head else '?'}, "
                f"the log ends at {last_sequence}: entries were removed from the end",
            ),
        )
    return ChainReport(checked=checked, broken=None, started_after=started_after)


def _entry_break(
    entry: AccessLogEntry, expected_sequence: int, previous_hash: str
) -> ChainBreak | None:
    """What is wrong with one entry where the walk expects ``expected_sequence`` after
    ``previous_hash``: missing entries before it, out of place, or altered; None if nothing."""
    where = {"sequence": entry.sequence, "event_id": entry.event_id}
    if entry.sequence != expected_sequence:
        return ChainBreak(
            kind=BreakKind.MISSING,
            detail=f"expected sequence {expected_sequence}, found {entry.sequence}: "
            f"{entry.sequence - expected_sequence} entry(ies) missing before this one",
            **where,
        )
    if entry.previous_hash != previous_hash:
        return ChainBreak(
            kind=BreakKind.OUT_OF_PLACE,
            detail="its previous hash is not the hash of the entry before it: "
            "entries were reordered or replaced",
            **where,
        )
    keys = [subject.person_key for subject in entry.subjects.all()]
    if entry_hash(entry, keys) != entry.hash:
        return ChainBreak(
            kind=BreakKind.ALTERED,
            detail="its contents do not match its hash: the entry or its persons were altered",
            **where,
        )
    return None


def _starting_point(first: AccessLogEntry | None) -> tuple[int, str] | ChainBreak:
    """Where the walk starts: (first expected sequence, the hash before it).

    The genesis hash when the log starts at entry 1. When a retention purge removed the entries
    before, the checkpoint that purge recorded for exactly the entry before the first one left.
    Without such a checkpoint, entries are missing at the start. An empty log starts after the
    last checkpoint (everything purged)."""
    if first is not None and first.sequence == 1:
        return 1, GENESIS_HASH
    if first is None:
        checkpoint = AccessLogCheckpoint.objects.order_by("-sequence").first()
    else:
        checkpoint = AccessLogCheckpoint.objects.filter(sequence=first.sequence - 1).first()
    if checkpoint is not None:
        return checkpoint.sequence + 1, checkpoint.hash
    if first is None:
        return 1, GENESIS_HASH
    return ChainBreak(
        kind=BreakKind.MISSING,
        sequence=first.sequence,
        event_id=first.event_id,
        detail=f"the log starts at sequence {first.sequence} and no retention checkpoint "
        f"records the removal of the {first.sequence - 1} entry(ies) before it",
    )
