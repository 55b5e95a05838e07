"""The plan of approach: every change makes a new, immutable version.

A change names the version it was made from (``base_version``); if the plan moved on in the
meantime (a colleague saved first), it is refused as a conflict and nothing is saved.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zvh.access_log.enums import EventType
from zvh.accounts.models import User
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.models import Agreement, Case
from zvh.casework.services.invitations import in_network
from zvh.network.models import LifeDomain, Organisation
from zvh.registrations.models import Person

from ..defaults import SCALE_MAX, SCALE_MIN
from ..models import ApproachForm, Measure, Plan, PlanAgreement, PlanEntry, PlanVersion
from .common import ensure_in_approach, log_direction

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class EntryInput:
    """For one person and one life domain: the situation, a goal and the start score."""

    person_id: int
    life_domain_id: int
    situation: str = ""
    goal: str = ""
    start_score: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanInput:
    """What the procesregisseur enters for a new version of the plan."""

    form: str
    entries: Sequence[EntryInput]
    measure_id: int | None = None
    measure_ends_on: date | None = None
    next_evaluation_on: date | None = None
    change_note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementInput:
    """An action towards a goal: owner organisation and person, due date."""

    person_id: int
    life_domain_id: int
    action: str
    owner_organisation_id: int | None
    owner_id: int | None
    due_on: date | None


def conflict() -> ValidationError:
    return ValidationError(
        _(
            "Someone else saved a newer version of this plan in the meantime. Nothing was "
            "overwritten: look at the latest version and make your change there."
        ),
        code="conflict",
    )


def case_person_ids(case: Case) -> set[int]:
    """The persons of the case's registrations (the person or the family system)."""
    return set(
        Person.objects.filter(registration__case_link__case=case).values_list("pk", flat=True)
    )


def _form_errors(*, case: Case, data: PlanInput, today: date) -> dict[str, str]:
    """The form of the approach: voluntary needs nothing; drang and dwang a measure with its
    legal framework from the house's list; dwang also its end date; an end date not past."""
    errors: dict[str, str] = {}
    if data.form not in ApproachForm.values:
        errors["form"] = _("Choose the form of the approach.")
        return errors
    if data.form == ApproachForm.VOLUNTARY:
        return errors
    measure = Measure.objects.filter(
        pk=data.measure_id or 0, veiligheidshuis_id=case.veiligheidshuis_id, active=True
    ).first()
    if measure is None:
        errors["measure"] = _("Choose the measure and its legal framework.")
    if data.form == ApproachForm.DWANG and data.measure_ends_on is None:
        errors["measure_ends_on"] = _("Give the end date of the measure of dwang.")
    if data.measure_ends_on is not None and data.measure_ends_on < today:
        errors["measure_ends_on"] = _("The end date of the measure cannot be in the past.")
    return errors


def entry_errors(*, case: Case, entries: Sequence[EntryInput]) -> dict[str, str]:
    """Each entry is for a person of the case and a life domain of the house, once; it has a
    goal and a start score on the scale (1 to 5). At least one entry."""
    errors: dict[str, str] = {}
    if not entries:
        errors["entries"] = _("Write at least one goal for a person and a life domain.")
        return errors
    persons = case_person_ids(case)
    domains = set(
        LifeDomain.objects.filter(veiligheidshuis_id=case.veiligheidshuis_id).values_list(
            "pk", flat=True
        )
    )
    seen: set[tuple[int, int]] = set()
    for index, entry in enumerate(entries):
        key = f"entries.{index}"
        if entry.person_id not in persons:
            errors[f"{key}.person"] = _("This person does not belong to the case.")
        if entry.life_domain_id not in domains:
            errors[f"{key}.life_domain"] = _("Choose a life domain of this Veiligheidshuis.")
        if (entry.person_id, entry.life_domain_id) in seen:
            errors[f"{key}.life_domain"] = _("This life domain is already in the plan.")
        seen.add((entry.person_id, entry.life_domain_id))
        if not entry.goal.strip():
            errors[f"{key}.goal"] = _("Write the goal.")
        score = entry.start_score
        if score is None or not SCALE_MIN <= score <= SCALE_MAX:
            errors[f"{key}.start_score"] = _("Choose a score from %(min)s to %(max)s.") % {
                "min": SCALE_MIN,
                "max": SCALE_MAX,
            }
    return errors


def _locked_plan(case: Case, now: datetime) -> tuple[Case, Plan]:
    """Lock the case (so the first version cannot be made twice) and its plan."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    plan, _created = Plan.objects.get_or_create(case=locked, defaults={"created_at": now})
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    return locked, plan


def _append_version(
    *,
    plan: Plan,
    data: PlanInput,
    by: User,
    now: datetime,
) -> PlanVersion:
    number = plan.current_number + 1
    dwang_or_drang = data.form != ApproachForm.VOLUNTARY
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        created_at=now,
        created_by=by,
        form=data.form,
        measure_id=data.measure_id if dwang_or_drang else None,
        measure_ends_on=data.measure_ends_on if dwang_or_drang else None,
        next_evaluation_on=data.next_evaluation_on,
        change_note=data.change_note.strip()[:300],
    )
    PlanEntry.objects.bulk_create(
        PlanEntry(
            version=version,
            person_id=entry.person_id,
            life_domain_id=entry.life_domain_id,
            situation=entry.situation.strip(),
            goal=entry.goal.strip(),
            start_score=entry.start_score or SCALE_MIN,
        )
        for entry in data.entries
    )
    plan.current_number = number
    plan.save(update_fields=["current_number"])
    return version


def _not_allowed() -> str:
    return _("Only a procesregisseur of this Veiligheidshuis may change the plan.")


def plan_version_create(
    *,
    case: Case,
    data: PlanInput,
    base_version: int,
    by: User,
    now: datetime,
    client_address: str = "",
) -> PlanVersion:
    """Save the plan as a new version, made from version ``base_version`` (0: no plan yet).

    Rules: a procesregisseur of the case's house (``may_edit_plan``); the case in the
    integrated approach or aftercare; the form of the approach with its measure (``_form_errors``);
    the entries (``entry_errors``); and nobody saved a newer version since ``base_version``
    (a conflict: nothing is saved). Earlier versions are never changed."""
    ensure(may_edit_plan(by, case), _not_allowed())
    today = now.date()
    errors = {
        **_form_errors(case=case, data=data, today=today),
        **entry_errors(case=case, entries=data.entries),
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked, plan = _locked_plan(case, now)
        ensure_in_approach(locked)
        if plan.current_number != base_version:
            raise conflict()
        version = _append_version(plan=plan, data=data, by=by, now=now)
        log_direction(
            by=by,
            case=locked,
            client_address=client_address,
            event_type=EventType.CREATE if version.number == 1 else EventType.UPDATE,
        )
    log.info("plan_version_created", case_id=case.pk, number=version.number)
    return version


def _agreement_errors(*, case: Case, plan: Plan, data: AgreementInput) -> dict[str, str]:
    """The goal is in the current version; an action; the owner organisation a partner in the
    house's network (or the house itself) and the owner one of its active users; a due date
    that is not past."""
    errors: dict[str, str] = {}
    goal_exists = PlanEntry.objects.filter(
        version__plan=plan,
        version__number=plan.current_number,
        person_id=data.person_id,
        life_domain_id=data.life_domain_id,
    ).exists()
    if not goal_exists:
        errors["goal"] = _("Choose a goal of the current plan.")
    if not data.action.strip():
        errors["action"] = _("Describe the action.")
    organisation = Organisation.objects.filter(pk=data.owner_organisation_id or 0).first()
    own_house = organisation is not None and organisation.veiligheidshuis_id == (
        case.veiligheidshuis_id
    )
    if organisation is None or not (
        own_house
        or in_network(organisation=organisation, veiligheidshuis_id=case.veiligheidshuis_id)
    ):
        errors["owner_organisation"] = _("Choose a partner in the network of this Veiligheidshuis.")
    elif not User.objects.filter(
        pk=data.owner_id or 0, organisation=organisation, is_active=True
    ).exists():
        errors["owner"] = _("Choose the owner: someone who works for %(organisation)s.") % {
            "organisation": organisation.name
        }
    if data.due_on is None:
        errors["due_on"] = _("Give the due date.")
    return errors


def plan_agreement_add(
    *,
    case: Case,
    data: AgreementInput,
    base_version: int,
    by: User,
    now: datetime,
    client_address: str = "",
) -> PlanAgreement:
    """Add an action towards a goal of the current version, as an agreement of the case
    (Casework 1: owner organisation and person, due date, status open). Adding it is a change
    of the plan, so it makes a new version (the same goals; "agreement added"), from
    ``base_version`` like any change."""
    ensure(may_edit_plan(by, case), _not_allowed())
    if data.due_on is not None and data.due_on < now.date():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    with transaction.atomic():
        locked, plan = _locked_plan(case, now)
        ensure_in_approach(locked)
        if plan.current_number != base_version:
            raise conflict()
        errors = _agreement_errors(case=locked, plan=plan, data=data)
        if errors:
            raise ValidationError(errors)
        current = PlanVersion.objects.get(plan=plan, number=plan.current_number)
        entries = [
            EntryInput(
                person_id=entry.person_id,
                life_domain_id=entry.life_domain_id,
                situation=entry.situation,
                goal=entry.goal,
                start_score=entry.start_score,
            )
            for entry in current.entries.all()
        ]
        version = _append_version(
            plan=plan,
            data=PlanInput(
                form=current.form,
                entries=entries,
                measure_id=current.measure_id,
                measure_ends_on=current.measure_ends_on,
                next_evaluation_on=current.next_evaluation_on,
                change_note=gettext_noop("agreement added"),
            ),
            by=by,
            now=now,
        )
        assert data.owner_organisation_id is not None
        assert data.owner_id is not None
        assert data.due_on is not None
        agreement = Agreement.objects.create(
            item=None,
            case=locked,
            action=data.action.strip(),
            owner_organisation_id=data.owner_organisation_id,
            owner_id=data.owner_id,
            due_on=data.due_on,
        )
        link = PlanAgreement.objects.create(
            plan=plan,
            agreement=agreement,
            person_id=data.person_id,
            life_domain_id=data.life_domain_id,
            added_in=version,
        )
        log_direction(by=by, case=locked, client_address=client_address)
    log.info("plan_agreement_added", case_id=case.pk, number=version.number)
    return link
