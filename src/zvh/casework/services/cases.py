"""The case: opened by a decision, joined by later registrations, moved by its workflow."""

from datetime import datetime
from typing import Any

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_join_registration
from zvh.network.enums import Outcome
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration
from zvh.registrations.status import Status

from ..access import log_case
from ..models import Case, CaseRegistration, CaseStatus, CaseStatusChange
from ..workflow import case_transition

log = structlog.get_logger(__name__)

#: The decisions that open a case.
OPENING_OUTCOMES = frozenset({Outcome.CONSULTATION_AGENDA, Outcome.INTEGRATED_APPROACH})


def case_reference_allocate(*, veiligheidshuis: Veiligheidshuis, year: int) -> str:
    """``<CODE>-C-<YEAR>-<5 digits>``, the next of the Veiligheidshuis in that year. Runs in the
    opening transaction with the Veiligheidshuis's row locked, so numbers are unique."""
    Veiligheidshuis.objects.select_for_update().filter(pk=veiligheidshuis.pk).first()
    prefix = f"{veiligheidshuis.code}-C-{year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def case_open_for_decision(*, decision: Any, by: User, now: datetime) -> Case | None:
    """Open a case for a decision "agenda for a consultation" or "integrated approach" (None for
    any other outcome). Called by the triage decision service inside its transaction.

    Rules:
    - A registration the meldpunt joined to an open case before deciding opens no new case:
      that case is returned (and moves to the integrated approach if so decided).
    - A new case belongs to the registration's Veiligheidshuis, gets the next case reference,
      starts open (a history row "opened by decision") and, for the integrated approach, moves
      straight on to it.
    """
    if decision.outcome not in OPENING_OUTCOMES:
        return None
    registration: Registration = decision.registration
    link = CaseRegistration.objects.filter(registration=registration).select_related("case")
    existing = link.first()
    if existing is not None:
        case = existing.case
    else:
        vh = registration.veiligheidshuis
        assert vh is not None  # a decided registration belongs to a Veiligheidshuis
        case = Case.objects.create(
            reference=case_reference_allocate(veiligheidshuis=vh, year=now.year),
            veiligheidshuis=vh,
            status=CaseStatus.OPEN,
            opened_at=now,
            opened_by=by,
        )
        CaseStatusChange.objects.create(
            case=case,
            from_status="",
            to_status=CaseStatus.OPEN,
            at=now,
            by=by,
            why=gettext_noop("opened by decision"),
        )
        CaseRegistration.objects.create(
            case=case, registration=registration, joined_at=now, joined_by=by, opened_case=True
        )
    if decision.outcome == Outcome.INTEGRATED_APPROACH and case.status != (
        CaseStatus.INTEGRATED_APPROACH
    ):
        case = case_transition(
            case=case,
            to=CaseStatus.INTEGRATED_APPROACH,
            by=by,
            at=now,
            why=gettext_noop("prioritised for the integrated approach"),
        )
    log.info("case_opened", case_id=case.pk, registration_id=registration.pk)
    return case


def join_errors(*, case: Case, registration: Registration) -> dict[str, str]:
    """What stands in the way of joining ``registration`` to ``case`` (empty: nothing)."""
    if registration.veiligheidshuis_id != case.veiligheidshuis_id:
        return {"registration": _("The registration belongs to another Veiligheidshuis.")}
    if registration.status == Status.DRAFT or not registration.reference:
        return {"registration": _("Only a submitted registration can be joined to a case.")}
    if case.status == CaseStatus.CLOSED:
        return {"case": _("Case %(ref)s is closed; reopen it first.") % {"ref": case.reference}}
    existing = CaseRegistration.objects.filter(registration=registration).select_related("case")
    link = existing.first()
    if link is not None:
        return {
            "registration": _("This registration already belongs to case %(ref)s.")
            % {"ref": link.case.reference}
        }
    return {}


def case_join_registration(
    *,
    case: Case,
    registration: Registration,
    by: User,
    now: datetime,
    client_address: str = "",
) -> CaseRegistration:
    """The meldpunt joins a later registration of the same person or family to an open case.

    Only a screener of the case's Veiligheidshuis; the registration must be of the same house,
    submitted, not in a case yet; the case not closed (``join_errors``). The case's version is
    bumped and its history gets a row "registration joined" (the status stays).
    """
    ensure(
        may_join_registration(by, case),
        _("Only the meldpunt of this Veiligheidshuis may do this."),
    )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        errors = join_errors(case=locked, registration=registration)
        if errors:
            raise ValidationError(errors)
        link = CaseRegistration.objects.create(
            case=locked, registration=registration, joined_at=now, joined_by=by
        )
        Case.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        CaseStatusChange.objects.create(
            case=locked,
            from_status=locked.status,
            to_status=locked.status,
            at=now,
            by=by,
            why=gettext_noop("registration joined"),
        )
        log_case(
            user=by,
            case=locked,
            event_type=EventType.UPDATE,
            purpose=Purpose.TRIAGE,
            client_address=client_address,
        )
    log.info("case_registration_joined", case_id=locked.pk, registration_id=registration.pk)
    return link
