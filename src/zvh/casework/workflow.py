"""The case workflow: one transition table, enforced by one service.

Closing is the case's: every closing and reopening of a case (the procesregisseur's ``/regie/``
pages, an agenda item's outcome, the reopen page, the API) goes through ``case_transition``,
and the registrations of the case follow it there (decided → closed on closing, closed →
decided on reopening) through ``registrations.workflow.transition``, so their status and
history agree with the case's. Retention counts from the case's closing (``Case.closed_at``,
empty again once reopened).
"""

from collections.abc import Mapping
from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.accounts.models import User
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.workflow import transition

from .models import Case, CaseStatus, CaseStatusChange

log = structlog.get_logger(__name__)

#: Where a case may go from each status. A closed case is only reopened (to open, with a reason).
ALLOWED: Mapping[CaseStatus, frozenset[CaseStatus]] = {
    CaseStatus.OPEN: frozenset(
        {CaseStatus.IN_CONSULTATION, CaseStatus.INTEGRATED_APPROACH, CaseStatus.CLOSED}
    ),
    CaseStatus.IN_CONSULTATION: frozenset(
        {CaseStatus.INTEGRATED_APPROACH, CaseStatus.AFTERCARE, CaseStatus.CLOSED}
    ),
    CaseStatus.INTEGRATED_APPROACH: frozenset(
        {CaseStatus.IN_CONSULTATION, CaseStatus.AFTERCARE, CaseStatus.CLOSED}
    ),
    CaseStatus.AFTERCARE: frozenset(
        {CaseStatus.IN_CONSULTATION, CaseStatus.INTEGRATED_APPROACH, CaseStatus.CLOSED}
    ),
    CaseStatus.CLOSED: frozenset({CaseStatus.OPEN}),
}

#: Moves that need a reason in ``why`` (reopening a closed case).
REASON_REQUIRED: frozenset[tuple[CaseStatus, CaseStatus]] = frozenset(
    {(CaseStatus.CLOSED, CaseStatus.OPEN)}
)


#: The registrations' history "why" when they follow their case (English msgids).
CLOSED_WHY = gettext_noop("case closed")
REOPENED_WHY = gettext_noop("case reopened")


class CaseTransitionError(ValidationError):
    """The move is not in the table (or the case moved on in the meantime)."""


def can_transition(from_status: CaseStatus | str, to_status: CaseStatus | str) -> bool:
    return CaseStatus(to_status) in ALLOWED[CaseStatus(from_status)]


def case_transition(
    *,
    case: Case,
    to: CaseStatus,
    by: User | None,
    at: datetime,
    why: str = "",
    expected_version: int | None = None,
) -> Case:
    """Move a case to ``to``: lock its row, check the move against ``ALLOWED``, save the new
    status (and ``closed_at`` on closing, cleared on reopening), bump its version and append a
    history row. ``expected_version`` refuses a move made from a stale page (a conflict).
    Reopening needs a reason. Returns the locked, updated case."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        current = CaseStatus(locked.status)
        if expected_version is not None and locked.version != expected_version:
            raise CaseTransitionError(
                _(
                    "Someone else changed this case in the meantime (it is now: %(status)s). "
                    "Reload the page to see the latest state."
                )
                % {"status": current.label},
                code="conflict",
            )
        if not can_transition(current, to):
            raise CaseTransitionError(
                _("A case cannot go from %(from)s to %(to)s.")
                % {"from": current.label, "to": CaseStatus(to).label},
                code="transition_not_allowed",
            )
        if (current, CaseStatus(to)) in REASON_REQUIRED and not why.strip():
            raise CaseTransitionError(
                {"why": _("Give the reason for reopening the case.")}, code="reason_required"
            )
        fields = ["status", "version", "updated_at"]
        locked.status = to
        if to == CaseStatus.CLOSED:
            locked.closed_at = at
            fields.append("closed_at")
        elif current == CaseStatus.CLOSED:
            locked.closed_at = None
            locked.close_reason = None
            fields += ["closed_at", "close_reason"]
        locked.version = F("version") + 1
        locked.save(update_fields=fields)
        locked.refresh_from_db(fields=["version"])
        CaseStatusChange.objects.create(
            case=locked, from_status=current, to_status=to, at=at, by=by, why=why.strip()[:300]
        )
        _registrations_follow(case=locked, closed=to == CaseStatus.CLOSED, by=by, at=at)
    log.info("case_transition", case_id=locked.pk, from_status=str(current), to_status=str(to))
    return locked


def _registrations_follow(*, case: Case, closed: bool, by: User | None, at: datetime) -> None:
    """The case's registrations follow its closing and reopening: decided ones become closed
    (history "case closed"), closed ones decided again (history "case reopened"). Registrations
    still being screened are left to the meldpunt. Called inside ``case_transition``."""
    if closed:
        source, target, why = Status.DECIDED, Status.CLOSED, CLOSED_WHY
    else:
        source, target, why = Status.CLOSED, Status.DECIDED, REOPENED_WHY
    following = Registration.objects.filter(case_link__case=case, status=source).order_by("pk")
    for registration in following:
        transition(registration=registration, to=target, by=by, at=at, why=why)
