"""The procesregisseur closes a case prioritised for the integrated approach (``/regie/``).

Closing is the case workflow's (``zvh.casework.services.closing``): this module finds the
registration's case and closes it as of the chosen day; the registration follows the case
(decided → closed) inside ``casework.workflow.case_transition``. Retention counts from the
case's closing (``Case.closed_at``; see ``zvh.retention``).

A case with a plan of approach closes in steps only (``/aanpak/``: a closing evaluation per
domain, a closing reason, then aftercare with its checks; ``zvh.approach.services.closure``):
the direct closing here is refused for it (``closes_in_steps``), so nothing skips the closing
evaluation and aftercare. Cases without a plan still close here directly.
"""

from datetime import date, datetime, time

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_direct_case
from zvh.casework.models import Case
from zvh.casework.services.closing import case_close as case_workflow_close
from zvh.casework.services.closing import closing_errors as case_closing_errors
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import Outcome
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES

from .models import Decision

log = structlog.get_logger(__name__)

#: The case history's "why" of a closing on ``/regie/`` (an English msgid, translated when shown).
CLOSED_WHY = gettext_noop("case closed")


def case_of(registration: Registration) -> Case | None:
    """The case the registration belongs to (opened by its decision or joined), if any."""
    return Case.objects.filter(links__registration=registration).first()


def closes_in_steps(case: Case | None) -> bool:
    """Whether the case has a plan of approach (a written version), so that it closes in steps
    on ``/aanpak/``. Asked through the case's reverse relation to ``approach.Plan``: triage and
    approach are sibling layers, so triage does not import approach."""
    return case is not None and Case.objects.filter(pk=case.pk, plan__current_number__gt=0).exists()


def closing_errors(
    *, decision: Decision | None, case: Case | None, closed_on: date, today: date
) -> dict[str, str]:
    """What stands in the way of closing on ``closed_on`` (empty: nothing): a decision
    "integrated approach" with its case, no plan of approach (that closes in steps), then the
    case workflow's rules."""
    if decision is None or decision.outcome != Outcome.INTEGRATED_APPROACH:
        return {"__all__": _("Only a case prioritised for the integrated approach can be closed.")}
    if closes_in_steps(case):
        return {
            "__all__": _(
                "This case has a plan of approach: close it in steps on the page of its plan "
                "(a closing evaluation, then aftercare)."
            )
        }
    return case_closing_errors(case=case, closed_on=closed_on, today=today)


def case_close(
    *,
    registration: Registration,
    by: User,
    closed_on: date,
    client_address: str = "",
    now: datetime | None = None,
) -> Case:
    """Close a prioritised case as of ``closed_on``.

    Rules:
    - Only a procesregisseur of the registration's Veiligheidshuis (else PermissionDenied).
    - Only a decided registration with the outcome "prioritise for the integrated approach"
      whose case is not closed and has no plan of approach (that closes in steps);
      ``closed_on`` not after today and not before the case opened (``closing_errors``; a
      ValidationError names what is wrong).
    - The case closes through the case workflow at the start of that day (local time: what
      retention counts from); the registration follows it (history "case closed").
    """
    ensure(
        may_direct_case(by, registration),
        _("Only a procesregisseur of this Veiligheidshuis may do this."),
    )
    moment = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        decision = (
            Decision.objects.filter(registration=locked).first()
            if locked.status in DECIDED_STATUSES
            else None
        )
        case = case_of(locked)
        today = timezone.localtime(moment, LOCAL_TZ).date()
        errors = closing_errors(decision=decision, case=case, closed_on=closed_on, today=today)
        if errors:
            raise ValidationError(errors)
        assert case is not None
        closed = case_workflow_close(
            case=case,
            by=by,
            at=datetime.combine(closed_on, time.min, tzinfo=LOCAL_TZ),
            now=moment,
            why=CLOSED_WHY,
            purpose=Purpose.PROCESS_DIRECTION,
            client_address=client_address,
        )
    log.info("case_closed_by_procesregisseur", registration_id=registration.pk)
    return closed
