"""Writes of the meldpunt: screening, requests for information, decisions.

Every status change goes through ``zvh.registrations.workflow.transition``; every service runs in
one transaction and works on the row ``transition`` locked. Notifications are queued with
``transaction.on_commit`` by ``zvh.notifications``, so a refused action sends nothing. Every
service logs its change (U) in the access log as the last step of that transaction, so the
change and its entry commit or roll back together; ``client_address`` (optional) gives the entry
its client address.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

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
    may_answer_information_request,
    may_direct_cases_for,
    may_screen,
)
from zvh.casework.services.cases import case_open_for_decision
from zvh.deadlines.calculation import LOCAL_TZ, reply_deadline
from zvh.network.enums import Outcome
from zvh.network.models import Organisation, SelectionCriterion
from zvh.notifications.services import (
    notify_decision,
    notify_information_answered,
    notify_information_requested,
)
from zvh.registrations.access import log_registration
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES, Status
from zvh.registrations.workflow import TransitionError, transition

from .models import ApproachMode, Decision, InformationRequest, ScreeningAnswer

log = structlog.get_logger(__name__)


def _ensure_meldpunt(by: User, registration: Registration) -> None:
    """Only a screener of the registration's own Veiligheidshuis acts for the meldpunt."""
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )


def _lock(registration: Registration) -> Registration:
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("veiligheidshuis")
        .get(pk=registration.pk)
    )


def _log_change(
    registration: Registration, by: User, purpose: Purpose, client_address: str
) -> None:
    """The access log entry of a change (U), inside the caller's transaction, as its last step."""
    log_registration(
        user=by,
        registration=registration,
        event_type=EventType.UPDATE,
        purpose=purpose,
        client_address=client_address,
    )


def _conflict() -> TransitionError:
    return TransitionError(
        _(
            "Someone else changed this registration in the meantime. Reload the page to see "
            "the latest state."
        ),
        code="conflict",
    )


# --- requests for information ------------------------------------------------------------------


def information_request_create(
    *,
    registration: Registration,
    by: User,
    question: str,
    now: datetime,
    client_address: str = "",
) -> InformationRequest:
    """Ask the registrant for more information.

    Only from RECEIVED or SCREENING (the transition table), only by a screener of the
    registration's Veiligheidshuis, and the question is mandatory. The registration moves to
    WAITING_FOR_INFORMATION and the reply deadline stands still from ``now`` until the answer.
    The registrant is notified (reference and link only).
    """
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": _("Enter the question for the registrant.")})
    with transaction.atomic():
        locked = transition(
            registration=registration,
            to=Status.WAITING_FOR_INFORMATION,
            by=by,
            at=now,
            why=gettext_noop("information requested"),
        )
        locked.waiting_since = now
        locked.save(update_fields=["waiting_since", "updated_at"])
        request = InformationRequest.objects.create(
            registration=locked, question=question, requested_by=by, requested_at=now
        )
        notify_information_requested(registration=locked)
        _log_change(locked, by, Purpose.INFORMATION_REQUEST, client_address)
    log.info("information_requested", registration_id=locked.pk, request_id=request.pk)
    return request


def information_request_answer(
    *,
    information_request: InformationRequest,
    by: User,
    answer: str,
    now: datetime,
    client_address: str = "",
) -> InformationRequest:
    """The registrant answers a request for information.

    Only a registrant of the registration's own organisation may answer, only once, and the
    answer is mandatory. The waiting time (``now`` - ``waiting_since``) is added to the
    registration's suspended time, the reply deadline is recomputed from the moment of receipt
    plus the term plus all suspended time, and the registration moves back to SCREENING; the
    request and the answer are both in the history. The meldpunt is notified.
    """
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Enter your answer.")})
    with transaction.atomic():
        request = (
            InformationRequest.objects.select_for_update()
            .select_related("registration")
            .get(pk=information_request.pk)
        )
        registration = _lock(request.registration)
        ensure(
            may_answer_information_request(by, registration),
            _("Only the registering organisation may answer this request."),
        )
        if request.answered_at is not None:
            raise ValidationError(_("This request has already been answered."), code="answered")
        locked = transition(
            registration=registration,
            to=Status.SCREENING,
            by=by,
            at=now,
            why=gettext_noop("information received"),
            expected_from=Status.WAITING_FOR_INFORMATION,
        )
        if locked.waiting_since is not None:
            locked.suspended += max(now - locked.waiting_since, timedelta())
        locked.waiting_since = None
        veiligheidshuis = registration.veiligheidshuis
        assert veiligheidshuis is not None, "every registration is created with a Veiligheidshuis"
        assert locked.received_at is not None, "a registration waiting for information was received"
        locked.deadline_at = reply_deadline(
            veiligheidshuis.reply_term,
            received_at=locked.received_at,
            suspended=locked.suspended,
        )
        locked.save(update_fields=["suspended", "waiting_since", "deadline_at", "updated_at"])
        request.answer = answer
        request.answered_by = by
        request.answered_at = now
        request.save(update_fields=["answer", "answered_by", "answered_at"])
        request.registration = locked
        notify_information_answered(registration=locked)
        _log_change(locked, by, Purpose.INFORMATION_REQUEST, client_address)
    log.info("information_answered", registration_id=locked.pk, request_id=request.pk)
    return request


# --- screening ---------------------------------------------------------------------------------


def screening_start(
    *,
    registration: Registration,
    by: User,
    now: datetime,
    client_address: str = "",
) -> Registration:
    """A screener of the registration's Veiligheidshuis starts screening: RECEIVED → SCREENING."""
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    with transaction.atomic():
        locked = transition(
            registration=registration,
            to=Status.SCREENING,
            by=by,
            at=now,
            why=gettext_noop("screening started"),
            expected_from=Status.RECEIVED,
        )
        _log_change(locked, by, Purpose.TRIAGE, client_address)
    return locked


@dataclass(frozen=True, slots=True, kw_only=True)
class CriterionAnswer:
    """A screener's answer to one criterion: yes/no (None = not answered) and why."""

    answer: bool | None
    motivation: str


def answer_key(criterion_id: int) -> str:
    """The domain name under which a criterion's yes/no is refused."""
    return f"criteria.{criterion_id}.answer"


def motivation_key(criterion_id: int) -> str:
    """The domain name under which a criterion's motivation is refused."""
    return f"criteria.{criterion_id}.motivation"


def _answer_errors(
    criteria: list[SelectionCriterion], answers: Mapping[int, CriterionAnswer]
) -> dict[str, list[str]]:
    """Half an answer is refused on the half that is missing: a yes/no needs its motivation and a
    motivation its yes/no. A criterion left blank (no yes/no, no motivation) is not an error."""
    errors: dict[str, list[str]] = {}
    known = {criterion.pk for criterion in criteria}
    if any(criterion_id not in known for criterion_id in answers):
        errors["criteria"] = [_("An answer refers to a criterion of another Veiligheidshuis.")]
    for criterion in criteria:
        given = answers.get(criterion.pk)
        if given is None or (given.answer is None and not given.motivation.strip()):
            continue
        if given.answer is None:
            errors[answer_key(criterion.pk)] = [
                _("Answer question %(n)s with yes or no.") % {"n": criterion.position}
            ]
        if not given.motivation.strip():
            errors[motivation_key(criterion.pk)] = [
                _("Motivate your answer to question %(n)s.") % {"n": criterion.position}
            ]
    return errors


def screening_answers_save(
    *,
    registration: Registration,
    by: User,
    answers: Mapping[int, CriterionAnswer],
    now: datetime,
    client_address: str = "",
) -> list[ScreeningAnswer]:
    """Record the screener's answers, keyed by criterion id: each criterion is saved on its own.

    A criterion answered with yes or no and a motivation (both mandatory for an answer) is saved;
    a criterion left blank keeps what it had (unanswered, or its earlier answer), so a screener
    can answer one question now and the next one later. Half an answer (a yes/no without a
    motivation, or the reverse) is refused on that criterion, and so is a save that answers
    nothing; then nothing is saved (the page shows everything typed again). Criteria of another
    Veiligheidshuis are refused. Answers can be changed until the registration is decided, which
    needs every criterion answered (``decision_errors``). Saving on a RECEIVED registration
    starts screening. The answers and motivations are internal: the registrant never sees them.

    Every save bumps the registration's version once (the answers are part of the registration:
    the API's ETag and the pages' stale-write checks must change): through the status change
    when screening starts, else here.

    Refusals are keyed ``criteria.<id>.answer`` / ``criteria.<id>.motivation`` (``answer_key``,
    ``motivation_key``), and ``criteria`` for an answer to another house's criterion or a save
    that answers nothing.
    """
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    veiligheidshuis_id = registration.veiligheidshuis_id
    assert veiligheidshuis_id is not None, "every registration is created with a Veiligheidshuis"
    criteria = list(SelectionCriterion.objects.filter(veiligheidshuis_id=veiligheidshuis_id))
    errors = _answer_errors(criteria, answers)
    answered = [
        criterion
        for criterion in criteria
        if criterion.pk in answers and answers[criterion.pk].answer is not None
    ]
    if not errors and not answered:
        errors["criteria"] = [_("Answer at least one question before saving.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(registration)
        if locked.status in DECIDED_STATUSES:
            raise TransitionError(
                _("This registration has been decided; the screening can no longer change."),
                code="transition_not_allowed",
            )
        if locked.status == Status.RECEIVED:
            locked = transition(
                registration=locked,
                to=Status.SCREENING,
                by=by,
                at=now,
                why=gettext_noop("screening started"),
            )
        else:
            locked.version = F("version") + 1
            locked.save(update_fields=["version", "updated_at"])
            locked.refresh_from_db(fields=["version"])
        saved = [
            ScreeningAnswer.objects.update_or_create(
                registration=locked,
                criterion=criterion,
                defaults={
                    # an answered criterion is yes or no: a missing one was skipped above
                    "answer": cast(bool, answers[criterion.pk].answer),
                    "motivation": answers[criterion.pk].motivation.strip(),
                    "answered_by": by,
                    "answered_at": now,
                },
            )[0]
            for criterion in answered
        ]
        _log_change(locked, by, Purpose.TRIAGE, client_address)
    log.info("screening_saved", registration_id=registration.pk, answers=len(saved))
    return saved


def unanswered_criteria_errors(registration: Registration) -> dict[str, list[str]]:
    """Every criterion of the registration's Veiligheidshuis still without an answer, as an
    error keyed ``criteria.<id>.answer``: a registration is decided only once all are answered."""
    veiligheidshuis_id = registration.veiligheidshuis_id
    assert veiligheidshuis_id is not None, "every registration is created with a Veiligheidshuis"
    answered = ScreeningAnswer.objects.filter(registration=registration).values("criterion_id")
    missing = SelectionCriterion.objects.filter(veiligheidshuis_id=veiligheidshuis_id).exclude(
        pk__in=answered
    )
    return {
        answer_key(criterion.pk): [
            _("Answer question %(n)s of the screening before deciding.") % {"n": criterion.position}
        ]
        for criterion in missing.order_by("position")
    }


# --- decision ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionInput:
    """What a screener decides. Only the fields of the chosen outcome are used."""

    outcome: Outcome | str
    motivation: str
    message_to_registrant: str = ""
    # refer elsewhere: a known organisation, or the name of another one
    receiving_organisation: Organisation | None = None
    receiving_organisation_name: str = ""
    # refer back
    advice: str = ""
    # consultation agenda
    consultation_date: date | None = None
    consultation_partners: tuple[Organisation, ...] = field(default_factory=tuple)
    # integrated approach
    approach_mode: ApproachMode | str = ""
    procesregisseur: User | None = None


def decision_errors(
    *, registration: Registration, decision: DecisionInput, now: datetime
) -> dict[str, list[str]]:
    """The rules for a decision, as field errors (empty when the decision is acceptable).

    Every selection criterion must be answered first (``unanswered_criteria_errors``, keyed
    ``criteria.<id>.answer``). The outcome must be one the registration's Veiligheidshuis
    offers; a motivation is always required; and each outcome needs its own data: a receiving
    organisation (refer elsewhere), advice to the registrant (refer back), a consultation date
    (not in the past) and at least one partner to invite (agenda), or the form of the approach
    and a procesregisseur of the same Veiligheidshuis (integrated approach).
    """
    errors: dict[str, list[str]] = unanswered_criteria_errors(registration)

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    vh = registration.veiligheidshuis
    assert vh is not None, "every registration is created with a Veiligheidshuis"
    outcome = decision.outcome
    if outcome not in Outcome.values:
        add("outcome", _("Choose an outcome."))
    elif not vh.offers(Outcome(outcome)):
        add(
            "outcome",
            _("%(vh)s does not offer this outcome: %(outcome)s.")
            % {"vh": vh.name, "outcome": Outcome(outcome).label},
        )
    if not decision.motivation.strip():
        add("motivation", _("Give the motivation for this decision."))
    if outcome == Outcome.REFER_ELSEWHERE:
        if (
            decision.receiving_organisation is None
            and not decision.receiving_organisation_name.strip()
        ):
            add("receiving_organisation", _("Choose or name the receiving organisation."))
    elif outcome == Outcome.REFER_BACK:
        if not decision.advice.strip():
            add("advice", _("Give your advice to the registrant."))
    elif outcome == Outcome.CONSULTATION_AGENDA:
        if decision.consultation_date is None:
            add("consultation_date", _("Enter the date of the consultation."))
        elif decision.consultation_date < now.astimezone(LOCAL_TZ).date():
            add("consultation_date", _("The consultation date cannot be in the past."))
        if not decision.consultation_partners:
            add("consultation_partners", _("Choose at least one partner to invite."))
    elif outcome == Outcome.INTEGRATED_APPROACH:
        if decision.approach_mode not in ApproachMode.values:
            add("approach_mode", _("Choose voluntary, with drang or with dwang."))
        if decision.procesregisseur is None:
            add("procesregisseur", _("Assign a procesregisseur."))
        elif not may_direct_cases_for(decision.procesregisseur, vh.pk):
            add(
                "procesregisseur",
                _("The procesregisseur must hold that role in %(vh)s.") % {"vh": vh.name},
            )
    return errors


def registration_decide_check(
    *,
    registration: Registration,
    by: User,
    decision: DecisionInput,
    now: datetime,
    expected_version: int,
) -> None:
    """The check step before a decision: refuse now what ``registration_decide`` would refuse
    (the same rules, ``decision_errors``, and the same stale-write conflict), writing nothing,
    so the screener sees the "check your decision" page only for a decision that can be made."""
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    current = Registration.objects.select_related("veiligheidshuis").get(pk=registration.pk)
    if current.version != expected_version or current.status not in (
        Status.RECEIVED,
        Status.SCREENING,
    ):
        raise _conflict()
    errors = decision_errors(registration=current, decision=decision, now=now)
    if errors:
        raise ValidationError(errors)


def registration_decide(
    *,
    registration: Registration,
    by: User,
    decision: DecisionInput,
    now: datetime,
    expected_version: int,
    client_address: str = "",
) -> Decision:
    """Decide a registration (from RECEIVED or SCREENING) and tell the registrant.

    The rules are in ``decision_errors``. The row is locked and its version compared with the
    version the screener's page showed: if anyone changed the registration since (another
    decision, a request for information), the decision is refused with a conflict and nothing is
    written. ``decided_late`` records whether the decision came after the reply deadline, for
    timeliness reporting. The registrant is notified (reference and link only).
    """

    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    with transaction.atomic():
        record = _decide(
            registration=registration,
            by=by,
            decision=decision,
            now=now,
            expected_version=expected_version,
            client_address=client_address,
        )
    log.info(
        "registration_decided",
        registration_id=record.registration_id,
        outcome=record.outcome,
        late=record.registration.decided_late,
    )
    return record


def _decide(
    *,
    registration: Registration,
    by: User,
    decision: DecisionInput,
    now: datetime,
    expected_version: int,
    client_address: str,
) -> Decision:
    locked = _lock(registration)
    if locked.version != expected_version:
        raise _conflict()
    errors = decision_errors(registration=locked, decision=decision, now=now)
    if errors:
        raise ValidationError(errors)
    outcome = Outcome(decision.outcome)
    moved = transition(
        registration=locked,
        to=Status.DECIDED,
        by=by,
        at=now,
        why=gettext_noop("decided"),
        expected_from=Status(locked.status),
    )
    moved.decided_at = now
    moved.decided_late = locked.deadline_at is not None and now > locked.deadline_at
    moved.save(update_fields=["decided_at", "decided_late", "updated_at"])
    record = Decision.objects.create(
        registration=moved,
        outcome=outcome,
        motivation=decision.motivation.strip(),
        message_to_registrant=decision.message_to_registrant.strip(),
        decided_by=by,
        decided_at=now,
        **_outcome_data(outcome, decision),
    )
    if outcome == Outcome.CONSULTATION_AGENDA:
        record.consultation_partners.set(decision.consultation_partners)
    case_open_for_decision(decision=record, by=by, now=now)
    notify_decision(registration=moved)
    _log_change(moved, by, Purpose.TRIAGE, client_address)
    return record


def _outcome_data(outcome: Outcome, decision: DecisionInput) -> dict[str, Any]:
    """Only the chosen outcome's own data is stored."""
    if outcome == Outcome.REFER_ELSEWHERE:
        return {
            "receiving_organisation": decision.receiving_organisation,
            "receiving_organisation_name": decision.receiving_organisation_name.strip(),
        }
    if outcome == Outcome.REFER_BACK:
        return {"advice": decision.advice.strip()}
    if outcome == Outcome.CONSULTATION_AGENDA:
        return {"consultation_date": decision.consultation_date}
    return {
        "approach_mode": ApproachMode(decision.approach_mode),
        "procesregisseur": decision.procesregisseur,
    }
