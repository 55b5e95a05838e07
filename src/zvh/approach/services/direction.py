"""Direction: assigning a case's procesregisseur and handing it over, with history."""

from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    may_assign_procesregisseur,
    may_be_procesregisseur_of,
)
from zvh.casework.models import Case
from zvh.registrations.models import Registration

from ..models import Direction
from .common import ensure_in_approach, log_direction

log = structlog.get_logger(__name__)


def direction_assign(
    *,
    case: Case,
    procesregisseur_id: int | None,
    reason: str = "",
    by: User,
    now: datetime,
    client_address: str = "",
) -> Direction:
    """Assign the case's procesregisseur, or hand it over to a colleague.

    Rules: the screeners and procesregisseurs of the case's house assign
    (``may_assign_procesregisseur``); the case is in the integrated approach or aftercare; the
    assignee is an active procesregisseur of that house and not the current one; a handover
    (there is a current one) needs a reason. The current row ends now and the new one starts
    (the case row is locked, so two handovers cannot both win)."""
    ensure(
        may_assign_procesregisseur(by, case),
        _("Only the meldpunt or a procesregisseur of this Veiligheidshuis may do this."),
    )
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        ensure_in_approach(locked)
        assignee = User.objects.filter(pk=procesregisseur_id or 0).select_related(
            "organisation__veiligheidshuis"
        )
        chosen = assignee.first()
        if chosen is None or not may_be_procesregisseur_of(chosen, locked):
            raise ValidationError(
                {"procesregisseur": _("Choose a procesregisseur of this Veiligheidshuis.")}
            )
        current = Direction.objects.filter(case=locked, ended_at=None).first()
        if current is not None:
            if current.procesregisseur_id == chosen.pk:
                raise ValidationError(
                    {"procesregisseur": _("This procesregisseur already directs the case.")}
                )
            if not reason.strip():
                raise ValidationError({"reason": _("Give the reason for the handover.")})
            current.ended_at = now
            current.save(update_fields=["ended_at"])
        direction = Direction.objects.create(
            case=locked,
            procesregisseur=chosen,
            assigned_at=now,
            assigned_by=by,
            reason=reason.strip()[:300],
        )
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("direction_assigned", case_id=case.pk, handover=current is not None)
    return direction


def direction_from_decision(*, case: Case, by: User | None, now: datetime) -> Direction | None:
    """When a case enters the integrated approach without a procesregisseur, the one the
    meldpunt named in its decision (the latest decision of the case's registrations naming an
    active procesregisseur of the case's house) starts directing it. None when there is none.

    Called from the case's history (``signals``), inside the transition's transaction; the
    decision is read through the registration (this app does not import triage)."""
    if Direction.objects.filter(case=case, ended_at=None).exists():
        return None
    named = (
        Registration.objects.filter(case_link__case=case, decision__procesregisseur__isnull=False)
        .order_by("-decision__decided_at")
        .values_list("decision__procesregisseur", flat=True)
    )
    chosen = (
        User.objects.filter(pk__in=list(named)[:1])
        .select_related("organisation__veiligheidshuis")
        .first()
    )
    if chosen is None or not may_be_procesregisseur_of(chosen, case):
        return None
    return Direction.objects.create(
        case=case,
        procesregisseur=chosen,
        assigned_at=now,
        assigned_by=by or chosen,
        reason=gettext_noop("named in the decision"),
    )
