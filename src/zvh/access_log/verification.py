"""Walking the chain: is every entry unchanged, present and in its place?"""

import enum
import uuid
from dataclasses import dataclass

from .hashing import entry_hash
from .models import GENESIS_HASH, AccessLogChainHead, AccessLogEntry


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

    @property
    def intact(self) -> bool:
        return self.broken is None


def access_log_verify(*, chunk_size: int = 2000) -> ChainReport:
    """Walk the entries in sequence order, in chunks (constant memory), and stop at the first
    broken link. Per entry, in this order:

    1. its sequence number follows the previous one (else entries are missing before it);
    2. its previous hash is the previous entry's hash (else it was moved, or replaced);
    3. its hash is the hash of its contents (else its contents or subjects were altered).

    Finally the chain head must point at the last entry (else entries were cut off the end).
    """
    expected_sequence = 1
    previous_hash = GENESIS_HASH
    checked = 0
    entries = AccessLogEntry.objects.order_by("sequence").prefetch_related("subjects")
    for entry in entries.iterator(chunk_size=chunk_size):
        where = {"sequence": entry.sequence, "event_id": entry.event_id}
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked=checked,
                broken=ChainBreak(
                    kind=BreakKind.MISSING,
                    detail=f"expected sequence {expected_sequence}, found {entry.sequence}: "
                    f"{entry.sequence - expected_sequence} entry(ies) missing before this one",
                    **where,
                ),
            )
        if entry.previous_hash != previous_hash:
            return ChainReport(
                checked=checked,
                broken=ChainBreak(
                    kind=BreakKind.OUT_OF_PLACE,
                    detail="its previous hash is not the hash of the entry before it: "
                    "entries were reordered or replaced",
                    **where,
                ),
            )
        keys = [subject.person_key for subject in entry.subjects.all()]
        if entry_hash(entry, keys) != entry.hash:
            return ChainReport(
                checked=checked,
                broken=ChainBreak(
                    kind=BreakKind.ALTERED,
                    detail="its contents do not match its hash: the entry or its persons "
                    "were altered",
                    **where,
                ),
            )
        checked += 1
        expected_sequence += 1
        previous_hash = entry.hash
    head = AccessLogChainHead.objects.filter(pk=1).first()
    last_sequence = expected_sequence - 1
    if head is None or head.sequence != last_sequence or head.hash != previous_hash:
        return ChainReport(
            checked=checked,
            broken=ChainBreak(
                kind=BreakKind.HEAD,
                sequence=head.sequence if head else None,
                event_id=None,
                detail=f"the chain head says the last entry is {head.sequence if head else '?'}, "
                f"the log ends at {last_sequence}: entries were removed from the end",
            ),
        )
    return ChainReport(checked=checked, broken=None)
