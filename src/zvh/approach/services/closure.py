"""Closure in steps: the closing evaluation (result per goal, a closing reason), aftercare with
check dates, and at a check: end the case (closed through ``case_transition``, so retention
counts from this final closure) or reopen the integrated approach with a reason."""

import calendar
from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.models import Agreement, Case, CaseStatus, CloseReason
from zvh.casework.workflow import case_transition

from ..models import AftercareCheck, Evaluation
from .common import log_direction
from .monitoring import EvaluationInput, ensure_integrated, evaluation_save, settings_for

log = structlog.get_logger(__name__)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _not_allowed() -> str:
    return _("Only a procesregisseur of this Veiligheidshuis may close the case.")


def open_agreements_error(case: Case) -> ValidationError | None:
    """Refuse closing while the case has open agreements; the message names them and asks to
    close or transfer them first."""
    actions = list(
        Agreement.objects.filter(case=case, state=Agreement.State.OPEN)
        .order_by("due_on", "pk")
        .values_list("action", flat=True)
    )
    if not actions:
        return None
    return ValidationError(
        {
            "agreements": _(
                "This case still has open agreements (%(actions)s). Close them or transfer them "
                "to another party first, then close the case."
            )
            % {"actions": "; ".join(action[:60] for action in actions)}
        },
        code="open_agreements",
    )


def case_close_into_aftercare(
    *,
    case: Case,
    data: EvaluationInput,
    close_reason_id: int | None,
    by: User,
    now: datetime,
    client_address: str = "",
) -> Evaluation:
    """The closing evaluation: per goal a final score and its result (achieved, partly, not),
    the agreements reviewed, a closing reason from the house's list (``CloseReason``). Refused
    while any agreement of the case is still open (after this review). Then the case moves to
    aftercare (``case_transition``) with a check at each of the house's ``aftercare_check_months``
    after the evaluation. All or nothing."""
    ensure(may_edit_plan(by, case), _not_allowed())
    reason = CloseReason.objects.filter(
        pk=close_reason_id or 0, veiligheidshuis_id=case.veiligheidshuis_id, active=True
    ).first()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        ensure_integrated(locked)
        errors: dict[str, list[str]] = {}
        if reason is None:
            errors["close_reason"] = [_("Choose the reason for closing.")]
        try:
            evaluation = evaluation_save(
                case=locked,
                data=data,
                by=by,
                now=now,
                closing=True,
                close_reason_id=reason.pk if reason else None,
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        refused = open_agreements_error(locked)
        if refused is not None:
            raise refused
        assert reason is not None
        assert data.held_on is not None
        moved = case_transition(
            case=locked, to=CaseStatus.AFTERCARE, by=by, at=now, why=reason.name
        )
        AftercareCheck.objects.bulk_create(
            AftercareCheck(case=moved, evaluation=evaluation, due_on=months_after(data.held_on, m))
            for m in settings_for(case.veiligheidshuis_id).check_months()
        )
        log_direction(by=by, case=moved, client_address=client_address)
    log.info("case_closed_into_aftercare", case_id=case.pk)
    return evaluation


def next_check(case: Case) -> AftercareCheck | None:
    """The first check of the case not done yet."""
    return (
        AftercareCheck.objects.filter(case=case, done_at=None, cancelled=False)
        .order_by("due_on", "pk")
        .first()
    )


def aftercare_check_record(
    *,
    case: Case,
    how_things_are: str,
    outcome: str,
    reason: str = "",
    by: User,
    now: datetime,
    client_address: str = "",
) -> AftercareCheck:
    """At the first open check the procesregisseur records how things are and:
    ``end``: the case is closed (``case_transition`` to closed, with the closing evaluation's
    reason; retention counts from this closure); ``reopen``: back into the integrated approach
    (a reason is required); ``continue``: stays in aftercare until the next check (only when
    there is one). Checks after an end or a reopening are cancelled."""
    ensure(may_edit_plan(by, case), _not_allowed())
    errors: dict[str, str] = {}
    if not how_things_are.strip():
        errors["how_things_are"] = _("Describe how things are.")
    if outcome not in AftercareCheck.Outcome.values:
        errors["outcome"] = _("Choose what happens with the case.")
    if outcome == AftercareCheck.Outcome.REOPEN and not reason.strip():
        errors["reason"] = _("Give the reason for reopening the case.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != CaseStatus.AFTERCARE:
            raise ValidationError({"case": _("This case is not in aftercare.")})
        check = next_check(locked)
        if check is None:
            raise ValidationError({"case": _("This case has no aftercare check left.")})
        later = AftercareCheck.objects.filter(
            case=locked, done_at=None, cancelled=False, due_on__gte=check.due_on
        ).exclude(pk=check.pk)
        if outcome == AftercareCheck.Outcome.CONTINUE and not later.exists():
            raise ValidationError(
                {"outcome": _("This is the last check: end the case or reopen it.")}
            )
        check.done_at, check.done_by = now, by
        check.how_things_are = how_things_are.strip()
        check.outcome, check.reason = outcome, reason.strip()[:300]
        check.save()
        if outcome == AftercareCheck.Outcome.END:
            case_transition(
                case=locked, to=CaseStatus.CLOSED, by=by, at=now, why=check.how_things_are
            )
            close_reason_id = check.evaluation.close_reason_id
            Case.objects.filter(pk=locked.pk).update(close_reason_id=close_reason_id)
        elif outcome == AftercareCheck.Outcome.REOPEN:
            case_transition(
                case=locked, to=CaseStatus.INTEGRATED_APPROACH, by=by, at=now, why=check.reason
            )
        if outcome != AftercareCheck.Outcome.CONTINUE:
            later.update(cancelled=True)
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("aftercare_check_recorded", case_id=case.pk, outcome=outcome)
    return check
