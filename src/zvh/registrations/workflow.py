"""The registration workflow: one transition table, enforced by one service.

The status (``status.Status``), this table, ``transition()`` and the history (``StatusChange``)
live together here, in the app of the registration whose field the status is. The apps that act
on a registration (triage, casework) call ``transition()``; none writes the status or the history
itself.
"""

from collections.abc import Mapping
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .models import Registration, StatusChange
from .status import Status

log = structlog.get_logger(__name__)

ALLOWED: Mapping[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.RECEIVED}),
    Status.RECEIVED: frozenset({Status.SCREENING, Status.WAITING_FOR_INFORMATION, Status.DECIDED}),
    Status.SCREENING: frozenset({Status.WAITING_FOR_INFORMATION, Status.DECIDED}),
    Status.WAITING_FOR_INFORMATION: frozenset({Status.SCREENING}),
    # a registration follows its case (``zvh.casework.workflow.case_transition``): closed
    # with the case, decided again when the case is reopened
    Status.DECIDED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset({Status.DECIDED}),
}


class TransitionError(ValidationError):
    """The move is not in the table (or the registration moved on in the meantime)."""


def can_transition(from_status: Status | str, to_status: Status | str) -> bool:
    return Status(to_status) in ALLOWED[Status(from_status)]


def transition(
    *,
    registration: Registration,
    to: Status,
    by: object | None,
    at: datetime,
    why: str = "",
    expected_from: Status | None = None,
) -> Registration:
    """Move a registration to ``to``: lock its row, check the move against ``ALLOWED``, save the
    new status, bump its version, and append a history row.

    Runs inside the caller's transaction (or its own). ``expected_from`` guards against acting on
    a stale page: if someone else moved the registration since, the move is refused with a
    conflict message rather than applied on top. Returns the locked, updated registration; the
    caller's other changes to that row should be made on the returned object.
    """
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        current = Status(locked.status)
        if expected_from is not None and current != expected_from:
            raise TransitionError(
                _(
                    "Someone else changed this registration in the meantime (it is now: "
                    "%(status)s). Reload the page to see the latest state."
                )
                % {"status": current.label},
                code="conflict",
            )
        if not can_transition(current, to):
            raise TransitionError(
                _("A registration cannot go from %(from)s to %(to)s.")
                % {"from": current.label, "to": Status(to).label},
                code="transition_not_allowed",
            )
        locked.status = to
        locked.version = F("version") + 1
        locked.save(update_fields=["status", "version", "updated_at"])
        locked.refresh_from_db(fields=["version"])
        StatusChange.objects.create(
            registration=locked, from_status=current, to_status=to, at=at, by=by, why=why
        )
    log.info(
        "registration_transition",
        registration_id=locked.pk,
        from_status=str(current),
        to_status=str(to),
    )
    return locked
