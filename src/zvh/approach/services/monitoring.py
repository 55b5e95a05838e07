"""Monitoring: evaluations of the plan on a schedule, per goal a new score and a note, and the
agreements reviewed (done through casework's ``agreement_done``)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.models import Agreement, Case, CaseStatus
from zvh.casework.services.minutes import agreement_done

from ..defaults import SCALE_MAX, SCALE_MIN
from ..models import (
    ApproachSettings,
    Evaluation,
    EvaluationAgreement,
    EvaluationScore,
    GoalResult,
    Plan,
    PlanAgreement,
    PlanEntry,
)
from .common import log_direction

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreInput:
    """A goal's new score (and, at the closing evaluation, its result)."""

    person_id: int
    life_domain_id: int
    score: int | None
    note: str = ""
    result: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewInput:
    """An agreement reviewed: ``done`` marks an open one done (with the note)."""

    agreement_id: int
    done: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluationInput:
    held_on: date | None
    scores: Sequence[ScoreInput]
    reviews: Sequence[ReviewInput] = field(default_factory=tuple)
    note: str = ""
    next_evaluation_on: date | None = None


def settings_for(veiligheidshuis_id: int) -> ApproachSettings:
    """The house's settings, or the defaults (unsaved) while it has none."""
    found = ApproachSettings.objects.filter(veiligheidshuis_id=veiligheidshuis_id).first()
    return found or ApproachSettings(veiligheidshuis_id=veiligheidshuis_id)


def proposed_next_evaluation(*, veiligheidshuis_id: int, after: date) -> date:
    """The next evaluation the schedule proposes: ``evaluation_interval_weeks`` after ``after``
    (editable in the form)."""
    weeks = settings_for(veiligheidshuis_id).evaluation_interval_weeks or 6
    return after + timedelta(weeks=weeks)


def _not_allowed() -> str:
    return _("Only a procesregisseur of this Veiligheidshuis may evaluate the plan.")


def _score_message() -> str:
    return _("Choose a score from %(min)s to %(max)s.") % {"min": SCALE_MIN, "max": SCALE_MAX}


def score_errors(
    *, goals: Sequence[PlanEntry], scores: Sequence[ScoreInput], closing: bool
) -> dict[str, str]:
    """Every goal of the current version gets one score on the scale (1 to 5), no score for a
    goal outside the plan; at the closing evaluation also its result (achieved, partly, not)."""
    errors: dict[str, str] = {}
    given = {(score.person_id, score.life_domain_id): score for score in scores}
    wanted = {(goal.person_id, goal.life_domain_id) for goal in goals}
    for key in given.keys() - wanted:
        errors[f"scores.{key[0]}_{key[1]}.score"] = _("This goal is not in the current plan.")
    for person_id, domain_id in sorted(wanted):
        name = f"scores.{person_id}_{domain_id}"
        score = given.get((person_id, domain_id))
        if score is None or score.score is None or not SCALE_MIN <= score.score <= SCALE_MAX:
            errors[f"{name}.score"] = _score_message()
        if closing and (score is None or score.result not in GoalResult.values):
            errors[f"{name}.result"] = _("Choose the result of this goal.")
    return errors


def _date_errors(data: EvaluationInput, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if data.held_on is None:
        errors["held_on"] = _("Give the date of the evaluation.")
    elif data.held_on > today:
        errors["held_on"] = _("The date of the evaluation cannot be in the future.")
    if data.next_evaluation_on is not None and data.next_evaluation_on <= today:
        errors["next_evaluation_on"] = _("The next evaluation must be after today.")
    return errors


def current_plan(case: Case) -> Plan:
    """The case's plan with a version; refused (``plan``) before there is one."""
    plan = Plan.objects.select_for_update().filter(case=case).first()
    if plan is None or plan.current_number == 0:
        raise ValidationError({"plan": _("Write the plan before evaluating it.")})
    return plan


def _review(
    *, plan: Plan, evaluation: Evaluation, reviews: Sequence[ReviewInput], by: User, now: datetime
) -> None:
    """Mark the reviewed agreements done through casework's service, then record every
    agreement of the plan with its state after the review."""
    links = {
        link.agreement_id: link.agreement
        for link in PlanAgreement.objects.filter(plan=plan).select_related("agreement__case")
    }
    errors: dict[str, str] = {}
    for review in reviews:
        agreement = links.get(review.agreement_id)
        if agreement is None:
            errors[f"agreements.{review.agreement_id}"] = _("This agreement is not in the plan.")
            continue
        if review.done and agreement.state == Agreement.State.OPEN:
            try:
                links[agreement.pk] = agreement_done(
                    agreement=agreement, note=review.note, by=by, now=now
                )
            except ValidationError as error:
                errors[f"agreements.{agreement.pk}.note"] = " ".join(error.messages)
    if errors:
        raise ValidationError(errors)
    notes = {review.agreement_id: review.note.strip() for review in reviews}
    EvaluationAgreement.objects.bulk_create(
        EvaluationAgreement(
            evaluation=evaluation,
            agreement_id=agreement.pk,
            state=agreement.state,
            note=notes.get(agreement.pk, ""),
        )
        for agreement in links.values()
    )


def evaluation_save(
    *,
    case: Case,
    data: EvaluationInput,
    by: User,
    now: datetime,
    closing: bool = False,
    close_reason_id: int | None = None,
) -> Evaluation:
    """Record an evaluation inside the caller's transaction (the case row locked by it): the
    rules of ``evaluation_record`` (and the closing rules are the caller's)."""
    plan = current_plan(case)
    version = plan.versions.get(number=plan.current_number)
    goals = list(PlanEntry.objects.filter(version=version))
    errors = {
        **_date_errors(data, now.date()),
        **score_errors(goals=goals, scores=data.scores, closing=closing),
    }
    if errors:
        raise ValidationError(errors)
    assert data.held_on is not None
    evaluation = Evaluation.objects.create(
        plan=plan,
        version=version,
        held_on=data.held_on,
        created_at=now,
        created_by=by,
        note=data.note.strip(),
        next_evaluation_on=None if closing else data.next_evaluation_on,
        closing=closing,
        close_reason_id=close_reason_id,
    )
    wanted = {(goal.person_id, goal.life_domain_id) for goal in goals}
    EvaluationScore.objects.bulk_create(
        EvaluationScore(
            evaluation=evaluation,
            person_id=score.person_id,
            life_domain_id=score.life_domain_id,
            score=score.score or SCALE_MIN,
            note=score.note.strip(),
            result=score.result if closing else "",
        )
        for score in data.scores
        if (score.person_id, score.life_domain_id) in wanted
    )
    _review(plan=plan, evaluation=evaluation, reviews=data.reviews, by=by, now=now)
    return evaluation


def evaluation_record(
    *, case: Case, data: EvaluationInput, by: User, now: datetime, client_address: str = ""
) -> Evaluation:
    """Record an evaluation of the plan.

    Rules: a procesregisseur of the case's house (``may_edit_plan``); the case in the integrated
    approach (not in aftercare); a plan exists (an evaluation before the plan is refused); the
    date not in the future; every goal of the current version a score on the scale; the next
    evaluation (proposed from the house's interval, editable) after today; agreements marked
    done get a note (casework's ``agreement_done``). All or nothing."""
    ensure(may_edit_plan(by, case), _not_allowed())
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        ensure_integrated(locked)
        evaluation = evaluation_save(case=locked, data=data, by=by, now=now)
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("evaluation_recorded", case_id=case.pk, evaluation_id=evaluation.pk)
    return evaluation


def ensure_integrated(case: Case) -> None:
    """Evaluations, escalations and closing need the case in the integrated approach."""
    if case.status != CaseStatus.INTEGRATED_APPROACH:
        raise ValidationError(
            {
                "case": _("Case %(ref)s is not in the integrated approach (now: %(status)s).")
                % {"ref": case.reference, "status": CaseStatus(case.status).label}
            }
        )
