"""Minutes of an agenda item (drafted by the minute-taker, finalised by the chair), the
agreements made, and the item's outcome."""

from dataclasses import dataclass, field
from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    may_draft_minutes,
    may_finalise_minutes,
    may_manage_case,
    may_update_agreement,
)
from zvh.network.models import Organisation

from ..access import log_case
from ..models import AgendaItem, Agreement, Case, CaseStatus, CloseReason, Minutes
from ..notify import notify_registrants_of_outcome
from ..workflow import case_transition

log = structlog.get_logger(__name__)


def _conflict() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed these minutes in the meantime (they may have been finalised). "
            "Reload the page to see the latest version."
        ),
        code="conflict",
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class MinutesInput:
    situation: str
    analysis: dict[str, str] = field(default_factory=dict)
    conclusions: str = ""


def minutes_save(
    *,
    item: AgendaItem,
    data: MinutesInput,
    by: User,
    now: datetime,
    expected_version: int | None,
    client_address: str = "",
) -> Minutes:
    """The minute-taker (or chair) saves the draft. Final minutes no longer change; a stale
    version is a conflict. The analysis keys must be life domains of the house."""
    ensure(may_draft_minutes(by, item), _("Only the meeting's minute-taker may do this."))
    known = {
        str(pk) for pk in item.meeting.veiligheidshuis.life_domains.values_list("pk", flat=True)
    }
    analysis = {key: text.strip() for key, text in data.analysis.items() if text.strip()}
    if set(analysis) - known:
        raise ValidationError({"analysis": _("Analyse only life domains of this Veiligheidshuis.")})
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().filter(item=item).first()
        if minutes is None:
            if expected_version not in (None, 0):
                raise _conflict()
            minutes = Minutes.objects.create(
                item=item,
                situation=data.situation.strip(),
                analysis=analysis,
                conclusions=data.conclusions.strip(),
                drafted_by=by,
                updated_at=now,
            )
        else:
            if minutes.final:
                raise ValidationError(
                    _("These minutes are final and can no longer change."), code="final"
                )
            if expected_version is not None and minutes.version != expected_version:
                raise _conflict()
            minutes.situation = data.situation.strip()
            minutes.analysis = analysis
            minutes.conclusions = data.conclusions.strip()
            minutes.updated_at = now
            minutes.version = F("version") + 1
            minutes.save()
            minutes.refresh_from_db(fields=["version"])
        log_case(
            user=by,
            case=item.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    return minutes


def minutes_finalise(
    *,
    item: AgendaItem,
    by: User,
    now: datetime,
    expected_version: int,
    client_address: str = "",
) -> Minutes:
    """The chair finalises the draft as it was on their page: one conditional update on the
    version, so of two chairs finalising at once exactly one wins and the other is told."""
    ensure(may_finalise_minutes(by, item), _("Only the meeting's chair may finalise the minutes."))
    with transaction.atomic():
        updated = Minutes.objects.filter(
            item=item, version=expected_version, finalised_at__isnull=True
        ).update(finalised_at=now, finalised_by=by, version=F("version") + 1)
        if not updated:
            raise _conflict()
        log_case(
            user=by,
            case=item.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    log.info("minutes_finalised", item_id=item.pk)
    return Minutes.objects.get(item=item)


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementInput:
    action: str
    owner_organisation_id: int | None
    owner_id: int | None
    due_on: date | None


def agreement_errors(
    *,
    data: AgreementInput,
    today: date,
    item: AgendaItem | None = None,
    veiligheidshuis_id: int | None = None,
) -> dict[str, str]:
    """An action; an owner organisation of the house's network (or the house itself) and a
    person working there; a due date not in the past. The house is the item's meeting's, or
    ``veiligheidshuis_id`` for an agreement made elsewhere (``item=None``)."""
    errors: dict[str, str] = {}
    if not data.action.strip():
        errors["action"] = _("Describe the action.")
    vh_id = item.meeting.veiligheidshuis_id if item is not None else (veiligheidshuis_id or 0)
    organisation = (
        Organisation.objects.filter(pk=data.owner_organisation_id).first()
        if data.owner_organisation_id
        else None
    )
    if organisation is None:
        errors["owner_organisation"] = _("Choose the organisation that owns the action.")
    elif not (
        organisation.veiligheidshuis_id == vh_id
        or organisation.memberships.filter(veiligheidshuis_id=vh_id).exists()
    ):
        errors["owner_organisation"] = _(
            "Choose an organisation of this Veiligheidshuis's network."
        )
    owner = User.objects.filter(pk=data.owner_id, is_active=True).first() if data.owner_id else None
    if owner is None:
        errors["owner"] = _("Choose the person who owns the action.")
    elif organisation is not None and owner.organisation_id != organisation.pk:
        errors["owner"] = _("The owner must work for the chosen organisation.")
    if data.due_on is None:
        errors["due_on"] = _("Enter the due date.")
    elif data.due_on < today:
        errors["due_on"] = _("The due date cannot be in the past.")
    return errors


def agreement_add(
    *,
    item: AgendaItem,
    data: AgreementInput,
    by: User,
    now: datetime,
    today: date,
    client_address: str = "",
) -> Agreement:
    """Record an agreement made on an item (the minute-taker or chair)."""
    ensure(may_draft_minutes(by, item), _("Only the meeting's minute-taker may do this."))
    errors = agreement_errors(item=item, data=data, today=today)
    if errors:
        raise ValidationError(errors)
    assert data.due_on is not None
    assert data.owner_organisation_id is not None
    assert data.owner_id is not None
    with transaction.atomic():
        agreement = Agreement.objects.create(
            item=item,
            case=item.case,
            action=data.action.strip(),
            owner_organisation_id=data.owner_organisation_id,
            owner_id=data.owner_id,
            due_on=data.due_on,
        )
        log_case(
            user=by,
            case=item.case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    return agreement


def agreement_done(
    *,
    agreement: Agreement,
    note: str,
    by: User,
    now: datetime,
    expected_version: int | None = None,
) -> Agreement:
    """The owner's organisation marks an action done, with a note."""
    ensure(may_update_agreement(by, agreement), _("This action is not your organisation's."))
    if not note.strip():
        raise ValidationError({"note": _("Add a note on what was done.")})
    with transaction.atomic():
        locked = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ValidationError(
                _("Someone else changed this action in the meantime. Reload the page."),
                code="conflict",
            )
        if locked.state == Agreement.State.DONE:
            raise ValidationError(_("This action is already done."), code="done")
        locked.state = Agreement.State.DONE
        locked.done_at = now
        locked.done_by = by
        locked.done_note = note.strip()
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db(fields=["version"])
    log.info("agreement_done", agreement_id=locked.pk)
    return locked


def item_outcome(
    *,
    item: AgendaItem,
    outcome: str,
    by: User,
    now: datetime,
    close_reason_id: int | None = None,
    client_address: str = "",
) -> Case:
    """The chair records an item's outcome: another meeting (the case stays in consultation),
    the integrated approach (the case moves there) or closing the case with a reason from the
    house's list. The case's registrants are told (reference and link only)."""
    ensure(
        may_finalise_minutes(by, item) or may_manage_case(by, item.case),
        _("Only the meeting's chair may do this."),
    )
    if outcome not in AgendaItem.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    reason = None
    if outcome == AgendaItem.Outcome.CLOSE:
        reason = CloseReason.objects.filter(
            pk=close_reason_id or 0, veiligheidshuis_id=item.case.veiligheidshuis_id, active=True
        ).first()
        if reason is None:
            raise ValidationError({"close_reason": _("Choose the reason for closing the case.")})
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.outcome:
            raise ValidationError(_("This item already has an outcome."), code="conflict")
        case = locked.case
        if outcome == AgendaItem.Outcome.INTEGRATED_APPROACH:
            case = case_transition(
                case=case,
                to=CaseStatus.INTEGRATED_APPROACH,
                by=by,
                at=now,
                why=gettext_noop("integrated approach after consultation"),
            )
        elif outcome == AgendaItem.Outcome.CLOSE:
            case = case_transition(
                case=case, to=CaseStatus.CLOSED, by=by, at=now, why=reason.name if reason else ""
            )
            Case.objects.filter(pk=case.pk).update(close_reason=reason)
        locked.outcome = outcome
        locked.outcome_at = now
        locked.version = F("version") + 1
        locked.save(update_fields=["outcome", "outcome_at", "version"])
        locked.refresh_from_db(fields=["version"])
        notify_registrants_of_outcome(locked)
        log_case(
            user=by,
            case=case,
            event_type=EventType.UPDATE,
            purpose=Purpose.CONSULTATION,
            client_address=client_address,
        )
    log.info("agenda_item_outcome", item_id=item.pk, outcome=outcome)
    return case
