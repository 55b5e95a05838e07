"""What the meldpunt's pages share: the guard and the error summary (``common.error_summary``)."""

from collections.abc import Callable

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_use_meldpunt
from zvh.common.error_summary import SummaryItem, error_summary
from zvh.registrations.access import guarded


def meldpunt_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only screeners of a Veiligheidshuis pass (403 for everyone else).
    Refusals (403, 404) are logged as denied ``event_type`` for purpose triage."""
    return guarded(allowed=may_use_meldpunt, event_type=event_type, purpose=Purpose.TRIAGE)


__all__ = ["SummaryItem", "error_summary", "meldpunt_only"]
