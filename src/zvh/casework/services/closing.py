"""Closing and reopening a case: the case workflow's, for every case (a consultation's or an
integrated approach's). Both go through ``workflow.case_transition``, which takes the case's
registrations along (decided ↔ closed); retention counts from ``Case.closed_at``."""

from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_manage_case
from zvh.deadlines.calculation import LOCAL_TZ

from ..access import log_case
from ..models import Case, CaseStatus, CloseReason
from ..workflow import case_transition

log = structlog.get_logger(__name__)


def closing_errors(*, case: Case | None, closed_on: date, today: date) -> dict[str, str]:
    """What stands in the way of closing ``case`` as of ``closed_on`` (empty: nothing): there
    must be a case, not closed already; the day not after today nor before the case opened."""
    if case is None:
        return {"__all__": _("This registration has no case to close.")}
    if case.status == CaseStatus.CLOSED and case.closed_at is not None:
        closed = date_format(timezone.localtime(case.closed_at, LOCAL_TZ).date())
        return {"__all__": _("This case was already closed on %(date)s.") % {"date": closed}}
    opened_on = timezone.localtime(case.opened_at, LOCAL_TZ).date()
    if closed_on > today:
        return {"closed_on": _("The closing date cannot be in the future.")}
    if closed_on < opened_on:
        return {
            "closed_on": _("The closing date cannot be before the decision (%(date)s).")
            % {"date": date_format(opened_on)}
        }
    return {}


def case_close(
    *,
    case: Case,
    by: User,
    at: datetime,
    now: datetime,
    why: str,
    close_reason_id: int | None = None,
    expected_version: int | None = None,
    purpose: Purpose = Purpose.PROCESS_DIRECTION,
    client_address: str = "",
) -> Case:
    """Close ``case`` as of ``at`` (staff of its Veiligheidshuis).

    Rules: ``closing_errors`` on the locked row (a closing day not in the future, not before
    the case opened, not closed already); an optional reason from the house's active list;
    the move through ``case_transition`` (its registrations follow: decided → closed), and one
    access-log entry (U) as the last step of the transaction.
    """
    ensure(may_manage_case(by, case), _("Only the staff of this Veiligheidshuis may do this."))
    reason = None
    if close_reason_id is not None:
        reason = CloseReason.objects.filter(
            pk=close_reason_id, veiligheidshuis_id=case.veiligheidshuis_id, active=True
        ).first()
        if reason is None:
            raise ValidationError({"close_reason": _("Choose the reason for closing the case.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        today = timezone.localtime(now, LOCAL_TZ).date()
        closed_on = timezone.localtime(at, LOCAL_TZ).date()
        errors = closing_errors(case=locked, closed_on=closed_on, today=today)
        if errors:
            raise ValidationError(errors)
        closed = case_transition(
            case=locked,
            to=CaseStatus.CLOSED,
            by=by,
            at=at,
            why=reason.name if reason else why,
            expected_version=expected_version,
        )
        if reason is not None:
            Case.objects.filter(pk=closed.pk).update(close_reason=reason)
            closed.close_reason = reason
        log_case(
            user=by,
            case=closed,
            event_type=EventType.UPDATE,
            purpose=purpose,
            client_address=client_address,
        )
    log.info("case_closed", case_id=closed.pk)
    return closed


def case_reopen(
    *,
    case: Case,
    by: User,
    why: str,
    now: datetime,
    expected_version: int | None = None,
    client_address: str = "",
) -> Case:
    """Reopen a closed case, with a reason (staff of its Veiligheidshuis). The case is open
    again, its closing date and reason cleared (retention no longer counts from it), and its
    registrations are decided again (``case_transition``)."""
    ensure(may_manage_case(by, case), _("Only the staff of this Veiligheidshuis may do this."))
    with transaction.atomic():
        moved = case_transition(
            case=case,
            to=CaseStatus.OPEN,
            by=by,
            at=now,
            why=why,
            expected_version=expected_version,
        )
        log_case(
            user=by,
            case=moved,
            event_type=EventType.UPDATE,
            purpose=Purpose.PROCESS_DIRECTION,
            client_address=client_address,
        )
    log.info("case_reopened", case_id=moved.pk)
    return moved
