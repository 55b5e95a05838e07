"""The procesregisseur closes a case prioritised for the integrated approach.

The closing date is what retention counts the integrated approach's period from (when the
Veiligheidshuis's policy says so; see ``zvh.retention``): until a case is closed, it stays.
"""

from datetime import date, datetime, time

import structlog
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import Outcome
from zvh.registrations.access import log_registration
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES, Status
from zvh.registrations.workflow import transition

from .models import Decision

log = structlog.get_logger(__name__)

#: The history's "why" of a closing (an English msgid, translated when shown).
CLOSED_WHY = gettext_noop("case closed")


def ensure_procesregisseur_of(*, user: User, registration: Registration) -> None:
    """Only a procesregisseur of the registration's own Veiligheidshuis closes its case."""
    vh = user.veiligheidshuis if user.is_authenticated else None
    if (
        RoleCode.PROCESREGISSEUR not in user.role_codes
        or vh is None
        or vh.pk != registration.veiligheidshuis_id
    ):
        raise PermissionDenied(_("Only a procesregisseur of this Veiligheidshuis may do this."))


def closing_errors(*, decision: Decision | None, closed_on: date, today: date) -> dict[str, str]:
    """What stands in the way of closing on ``closed_on`` (empty: nothing)."""
    if decision is None or decision.outcome != Outcome.INTEGRATED_APPROACH:
        return {"__all__": _("Only a case prioritised for the integrated approach can be closed.")}
    if decision.closed_at is not None:
        closed = date_format(timezone.localtime(decision.closed_at, LOCAL_TZ).date())
        return {"__all__": _("This case was already closed on %(date)s.") % {"date": closed}}
    decided_on = timezone.localtime(decision.decided_at, LOCAL_TZ).date()
    if closed_on > today:
        return {"closed_on": _("The closing date cannot be in the future.")}
    if closed_on < decided_on:
        return {
            "closed_on": _("The closing date cannot be before the decision (%(date)s).")
            % {"date": date_format(decided_on)}
        }
    return {}


def case_close(
    *,
    registration: Registration,
    by: User,
    closed_on: date,
    http_request: HttpRequest | None = None,
    now: datetime | None = None,
) -> Decision:
    """Close a prioritised case as of ``closed_on``.

    Rules:
    - Only a procesregisseur of the registration's Veiligheidshuis (else PermissionDenied).
    - On the locked row: only a decided registration with the outcome "prioritise for the
      integrated approach", not closed before; ``closed_on`` not after today and not before the
      day of the decision (``closing_errors``; a ValidationError names what is wrong).
    - Stores ``Decision.closed_at`` (the start of that day, local time: what retention counts
      from), moves the registration from DECIDED to CLOSED through the workflow (its history row
      says "case closed") and logs the change (U, process direction) as the last step of the
      transaction.
    """
    ensure_procesregisseur_of(user=by, registration=registration)
    moment = now or timezone.now()
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        decision = (
            Decision.objects.filter(registration=locked).first()
            if locked.status in DECIDED_STATUSES
            else None
        )
        today = timezone.localtime(moment, LOCAL_TZ).date()
        errors = closing_errors(decision=decision, closed_on=closed_on, today=today)
        if errors:
            raise ValidationError(errors)
        decision.closed_at = datetime.combine(closed_on, time.min, tzinfo=LOCAL_TZ)
        decision.save(update_fields=["closed_at"])
        closed = transition(
            registration=locked,
            to=Status.CLOSED,
            by=by,
            at=moment,
            why=CLOSED_WHY,
            expected_from=Status.DECIDED,
        )
        log_registration(
            user=by,
            registration=closed,
            event_type=EventType.UPDATE,
            purpose=Purpose.PROCESS_DIRECTION,
            http_request=http_request,
        )
    log.info("case_closed", registration_id=registration.pk)
    return decision
