"""The reply deadline as the meldpunt's pages show it (days left, due soon, overdue, paused)."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from zvh.deadlines.calculation import (
    LOCAL_TZ,
    add_working_days,
    days_left,
    reply_deadline,
    working_days_left,
)
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES, Status

#: Registrations due within this many working days are listed as "due soon".
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineState:
    """How a registration stands against its reply deadline.

    While the meldpunt waits for the registrant's information the clock stands still (``paused``).
    A decided registration is ``late`` when it was decided after its deadline.
    """

    deadline_at: datetime | None
    days_left: int | None
    working_days_left: int | None
    overdue: bool
    due_soon: bool
    paused: bool
    decided: bool
    late: bool

    @property
    def days_overdue(self) -> int:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0


def deadline_state(registration: Registration, *, now: datetime) -> DeadlineState:
    """How the registration stands; a draft the meldpunt is completing on a partner's behalf
    already runs against the deadline it will get (the term runs from receipt)."""
    deadline = registration.deadline_at
    if deadline is None and registration.status == Status.DRAFT and registration.received_at:
        veiligheidshuis = registration.veiligheidshuis
        assert veiligheidshuis is not None, "every registration is created with a Veiligheidshuis"
        deadline = reply_deadline(veiligheidshuis.reply_term, received_at=registration.received_at)
    decided = registration.status in DECIDED_STATUSES
    paused = registration.status == Status.WAITING_FOR_INFORMATION
    if deadline is None:
        return DeadlineState(
            deadline_at=None,
            days_left=None,
            working_days_left=None,
            overdue=False,
            due_soon=False,
            paused=paused,
            decided=decided,
            late=bool(registration.decided_late),
        )
    if paused and registration.waiting_since is not None:
        # the clock stopped when the request went out: shift the deadline by the waiting so far
        deadline = deadline + max(now - registration.waiting_since, timedelta())
    overdue = not decided and now > deadline
    return DeadlineState(
        deadline_at=deadline,
        days_left=days_left(deadline_at=deadline, now=now),
        working_days_left=working_days_left(deadline_at=deadline, now=now),
        overdue=overdue,
        due_soon=not decided and not overdue and deadline < due_soon_cutoff(now),
        paused=paused,
        decided=decided,
        late=bool(registration.decided_late),
    )


def due_soon_cutoff(now: datetime) -> datetime:
    """The start of the day after the second working day from today (Dutch local time)."""
    last_day = add_working_days(now.astimezone(LOCAL_TZ).date(), DUE_SOON_WORKING_DAYS)
    return datetime.combine(last_day + timedelta(days=1), time(), tzinfo=LOCAL_TZ)
