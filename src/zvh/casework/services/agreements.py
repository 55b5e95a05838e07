"""Changing an open agreement (its action, owner and due date), by the house's staff or the
minute-taker or chair of the meeting it was made on. The rules of a new agreement apply
(``minutes.agreement_errors``); a stale version is a conflict; a done agreement stays as it is."""

from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_change_agreement

from ..access import log_case
from ..models import Agreement
from .minutes import AgreementInput, agreement_errors

log = structlog.get_logger(__name__)


def agreement_update(
    *,
    agreement: Agreement,
    data: AgreementInput,
    by: User,
    now: datetime,
    today: date,
    expected_version: int,
    client_address: str = "",
) -> Agreement:
    """Change an open agreement; nothing is saved when a rule fails."""
    ensure(may_change_agreement(by, agreement), _("Only the meeting's minute-taker may do this."))
    with transaction.atomic():
        locked = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related("case", "item__meeting")
            .get(pk=agreement.pk)
        )
        if locked.version != expected_version:
            raise ValidationError(
                _("Someone else changed this action in the meantime. Reload the page."),
                code="conflict",
            )
        if locked.state == Agreement.State.DONE:
            raise ValidationError(_("This action is already done."), code="done")
        errors = agreement_errors(
            data=data,
            today=today,
            item=locked.item,
            veiligheidshuis_id=locked.case.veiligheidshuis_id,
        )
        if errors:
            raise ValidationError(errors)
        Agreement.objects.filter(pk=locked.pk).update(
            action=data.action.strip(),
            owner_organisation_id=data.owner_organisation_id,
            owner_id=data.owner_id,
            due_on=data.due_on,
            # a new due date gets its own reminder and overdue signal
            reminded_at=None if data.due_on != locked.due_on else locked.reminded_at,
            overdue_signalled_at=(
                None if data.due_on != locked.due_on else locked.overdue_signalled_at
            ),
            version=F("version") + 1,
        )
        log_case(
            user=by,
            case=locked.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    log.info("agreement_updated", agreement_id=locked.pk)
    return Agreement.objects.select_related("case", "item").get(pk=locked.pk)
