"""Reads of the integrated approach; who sees what is decided here, with the predicates of
``zvh.accounts.permissions`` (the selectors filter by the same rules)."""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext

from zvh.accounts.models import User
from zvh.accounts.permissions import (
    may_read_plan,
    may_view_plan_part,
    staff_veiligheidshuis_id,
)
from zvh.accounts.roles import RoleCode
from zvh.casework.models import Agreement, Case, CaseStatus
from zvh.network.models import LifeDomain
from zvh.registrations.models import Person

from .chart import Chart, score_chart
from .defaults import SCALE
from .models import (
    AftercareCheck,
    ApproachSettings,
    Direction,
    Escalation,
    Evaluation,
    EvaluationAgreement,
    EvaluationScore,
    Plan,
    PlanAgreement,
    PlanEntry,
    PlanShare,
    PlanVersion,
    ScaleLevel,
)
from .services.common import APPROACH_STATUSES

# --- the caseload ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseloadRow:
    """A case on a procesregisseur's caseload and what needs attention."""

    case: Case
    next_evaluation_on: date | None
    evaluation: str  # "overdue", "due" or ""
    overdue_agreements: int
    last_activity: datetime
    inactive: bool
    aftercare: bool
    next_check_on: date | None = None
    check_due: bool = False

    @property
    def needs_attention(self) -> bool:
        return bool(
            self.evaluation
            or self.overdue_agreements
            or self.inactive
            or self.aftercare
            or self.check_due
        )


def approach_settings(veiligheidshuis_id: int) -> ApproachSettings:
    """The house's settings, or the defaults (unsaved) while it has none."""
    found = ApproachSettings.objects.filter(veiligheidshuis_id=veiligheidshuis_id).first()
    return found or ApproachSettings(veiligheidshuis_id=veiligheidshuis_id)


def _count(queryset: QuerySet[Agreement]) -> Coalesce:
    counted = queryset.values("case").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _annotated(cases: QuerySet[Case], *, today: date) -> QuerySet[Case]:
    """The facts the signals need, in the one query of the list (subqueries per case)."""
    latest = PlanVersion.objects.filter(plan__case=OuterRef("pk")).order_by("-number")
    open_overdue = Agreement.objects.filter(
        case=OuterRef("pk"), state=Agreement.State.OPEN, due_on__lt=today
    )
    done = (
        Agreement.objects.filter(case=OuterRef("pk"))
        .values("case")
        .annotate(last=Max("done_at"))
        .values("last")
    )
    current = Direction.objects.filter(case=OuterRef("pk"), ended_at=None)
    evaluated = Evaluation.objects.filter(plan__case=OuterRef("pk")).order_by("-created_at", "-pk")
    checks = AftercareCheck.objects.filter(
        case=OuterRef("pk"), done_at=None, cancelled=False
    ).order_by("due_on", "pk")
    return cases.annotate(
        evaluation_next_on=Subquery(evaluated.values("next_evaluation_on")[:1]),
        last_evaluation_at=Subquery(evaluated.values("created_at")[:1]),
        next_check_on=Subquery(checks.values("due_on")[:1]),
        next_evaluation_on=Subquery(latest.values("next_evaluation_on")[:1]),
        last_version_at=Subquery(latest.values("created_at")[:1]),
        overdue_agreements=_count(open_overdue),
        last_done_at=Subquery(done),
        directed_since=Subquery(current.values("assigned_at")[:1]),
    )


def effective_next_evaluation(
    *,
    version_next: date | None,
    version_at: datetime | None,
    evaluation_next: date | None,
    evaluation_at: datetime | None,
) -> date | None:
    """The next evaluation: set by the latest of the plan's last version and its last
    evaluation (both propose and edit it)."""
    if evaluation_at is not None and (version_at is None or evaluation_at >= version_at):
        return evaluation_next
    return version_next


def caseload(*, user: User, today: date) -> list[CaseloadRow]:
    """The cases the user directs now (a current ``Direction``) in the integrated approach or
    aftercare, with their signals: the next evaluation due (within the house's
    ``evaluation_due_days``) or overdue (the date of the latest plan version or evaluation), an
    aftercare check due (within the same days), open agreements past their due date, no activity for
    ``inactivity_weeks`` (the latest of: the case changed, a plan version, an agreement done,
    the direction assigned), and aftercare. Two queries whatever the number of cases."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.PROCESREGISSEUR)
    if vh_id is None:
        return []
    config = approach_settings(vh_id)
    cases = Case.objects.filter(
        veiligheidshuis_id=vh_id,
        status__in=APPROACH_STATUSES,
        directions__procesregisseur=user,
        directions__ended_at=None,
    ).order_by("reference")
    quiet_since = today - timedelta(weeks=config.inactivity_weeks)
    due_by = today + timedelta(days=config.evaluation_due_days)
    rows = []
    for case in _annotated(cases, today=today):
        moments = [
            moment
            for moment in (
                case.updated_at,
                case.last_version_at,  # type: ignore[attr-defined]
                case.last_done_at,  # type: ignore[attr-defined]
                case.directed_since,  # type: ignore[attr-defined]
                case.last_evaluation_at,  # type: ignore[attr-defined]
            )
            if moment is not None
        ]
        last = max(moments)
        evaluation_on = effective_next_evaluation(
            version_next=case.next_evaluation_on,  # type: ignore[attr-defined]
            version_at=case.last_version_at,  # type: ignore[attr-defined]
            evaluation_next=case.evaluation_next_on,  # type: ignore[attr-defined]
            evaluation_at=case.last_evaluation_at,  # type: ignore[attr-defined]
        )
        evaluation = ""
        in_aftercare = case.status == CaseStatus.AFTERCARE
        if evaluation_on is not None and not in_aftercare:
            evaluation = (
                "overdue" if evaluation_on < today else "due" if evaluation_on <= due_by else ""
            )
        check_on = case.next_check_on  # type: ignore[attr-defined]
        rows.append(
            CaseloadRow(
                case=case,
                next_evaluation_on=evaluation_on,
                evaluation=evaluation,
                overdue_agreements=case.overdue_agreements,  # type: ignore[attr-defined]
                last_activity=last,
                inactive=last.date() < quiet_since,
                aftercare=in_aftercare,
                next_check_on=check_on,
                check_due=in_aftercare and check_on is not None and check_on <= due_by,
            )
        )
    return rows


def cases_without_direction(user: User) -> QuerySet[Case]:
    """The house's cases in the integrated approach without a procesregisseur (for assigning)."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.PROCESREGISSEUR) or staff_veiligheidshuis_id(
        user, RoleCode.SCREENER
    )
    if vh_id is None:
        return Case.objects.none()
    directed = Direction.objects.filter(ended_at=None).values("case")
    return (
        Case.objects.filter(veiligheidshuis_id=vh_id, status__in=APPROACH_STATUSES)
        .exclude(pk__in=directed)
        .order_by("reference")
    )


# --- the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonGoals:
    person: Person
    entries: list[PlanEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanPage:
    """What the staff's plan page shows."""

    case: Case
    plan: Plan | None
    version: PlanVersion | None
    goals: list[PersonGoals]
    agreements: list[PlanAgreement]
    directions: list[Direction]
    versions: list[PlanVersion]
    shares: list[PlanShare]
    persons: list[Person]
    life_domains: list[LifeDomain]

    @property
    def current_number(self) -> int:
        return self.plan.current_number if self.plan is not None else 0

    @property
    def current_direction(self) -> Direction | None:
        return next((d for d in self.directions if d.ended_at is None), None)


def case_for_plan(*, user: User, public_id: uuid.UUID | str) -> Case:
    """A case the user may read the plan of (``may_read_plan``), in the integrated approach or
    aftercare; anything else is a 404."""
    case = (
        Case.objects.filter(public_id=public_id, status__in=APPROACH_STATUSES)
        .select_related("veiligheidshuis")
        .first()
    )
    if case is None or not may_read_plan(user, case):
        raise Http404
    return case


def case_persons(case: Case) -> list[Person]:
    return list(
        Person.objects.filter(registration__case_link__case=case).order_by(
            "registration__case_link__joined_at", "position", "pk"
        )
    )


def version_entries(version: PlanVersion | None) -> list[PlanEntry]:
    if version is None:
        return []
    return list(
        version.entries.select_related("person", "life_domain").order_by(
            "person__position", "person_id", "life_domain__position"
        )
    )


def grouped(entries: list[PlanEntry], persons: list[Person]) -> list[PersonGoals]:
    """The entries per person, in the order of the persons."""
    by_person: dict[int, list[PlanEntry]] = {}
    for entry in entries:
        by_person.setdefault(entry.person_id, []).append(entry)
    return [
        PersonGoals(person=person, entries=by_person[person.pk])
        for person in persons
        if person.pk in by_person
    ]


def plan_links(plan: Plan | None, *, up_to: int | None = None) -> list[PlanAgreement]:
    """The agreements of the plan (those added up to version ``up_to``), with their owners."""
    if plan is None:
        return []
    links = PlanAgreement.objects.filter(plan=plan)
    if up_to is not None:
        links = links.filter(added_in__number__lte=up_to)
    return list(
        links.select_related(
            "agreement__owner", "agreement__owner_organisation", "person", "life_domain"
        ).order_by("agreement__due_on", "pk")
    )


def plan_page(case: Case) -> PlanPage:
    """The plan page: the current version's goals per person, the agreements, the direction's
    history, the versions and the shares. A constant number of queries."""
    plan = Plan.objects.filter(case=case).first()
    versions = (
        list(plan.versions.select_related("created_by", "measure").order_by("-number"))
        if plan
        else []
    )
    version = versions[0] if versions else None
    persons = case_persons(case)
    return PlanPage(
        case=case,
        plan=plan,
        version=version,
        goals=grouped(version_entries(version), persons),
        agreements=plan_links(plan),
        directions=list(
            case.directions.select_related("procesregisseur", "assigned_by").order_by(
                "assigned_at", "pk"
            )
        ),
        versions=versions,
        shares=list(
            PlanShare.objects.filter(plan=plan)
            .select_related("organisation", "life_domain")
            .order_by("organisation__name", "life_domain__position")
        )
        if plan
        else [],
        persons=persons,
        life_domains=list(LifeDomain.objects.filter(veiligheidshuis_id=case.veiligheidshuis_id)),
    )


def scale_labels(veiligheidshuis_id: int) -> dict[int, str]:
    """The labels of the house's five-point scale (the neutral defaults where none is set)."""
    labels = dict(SCALE)
    labels.update(
        ScaleLevel.objects.filter(veiligheidshuis_id=veiligheidshuis_id).values_list(
            "value", "label"
        )
    )
    return labels


# --- two versions side by side ---------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparedRow:
    person: Person
    life_domain: LifeDomain
    left: PlanEntry | None
    right: PlanEntry | None

    @property
    def changed(self) -> bool:
        def facts(entry: PlanEntry | None) -> tuple[str, str, int] | None:
            return None if entry is None else (entry.situation, entry.goal, entry.start_score)

        return facts(self.left) != facts(self.right)


def version_of(plan: Plan | None, number: int) -> PlanVersion:
    if plan is None:
        raise Http404
    version = (
        PlanVersion.objects.filter(plan=plan, number=number)
        .select_related("measure", "created_by")
        .first()
    )
    if version is None:
        raise Http404
    return version


def compared(left: PlanVersion, right: PlanVersion) -> list[ComparedRow]:
    """Every person and life domain in either version, side by side (two queries)."""
    rows: dict[tuple[int, int], dict[str, PlanEntry]] = {}
    entries = PlanEntry.objects.filter(version__in=[left, right]).select_related(
        "person", "life_domain"
    )
    for entry in entries.order_by("person__position", "person_id", "life_domain__position"):
        side = "left" if entry.version_id == left.pk else "right"
        rows.setdefault((entry.person_id, entry.life_domain_id), {})[side] = entry
    result = []
    for sides in rows.values():
        any_entry = sides.get("left") or sides["right"]
        result.append(
            ComparedRow(
                person=any_entry.person,
                life_domain=any_entry.life_domain,
                left=sides.get("left"),
                right=sides.get("right"),
            )
        )
    return result


# --- what a partner sees -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class PartnerView:
    case: Case
    version: PlanVersion | None
    goals: list[PersonGoals]
    agreements: list[PlanAgreement]
    domain_names: list[str]


def partner_organisation_ids(plan: Plan) -> set[int]:
    """The organisations with a role in the plan: owners of its agreements, and those it
    shares a part with."""
    owners = PlanAgreement.objects.filter(plan=plan).values_list(
        "agreement__owner_organisation_id", flat=True
    )
    shared = PlanShare.objects.filter(plan=plan).values_list("organisation_id", flat=True)
    return set(owners) | set(shared)


def partner_view(*, user: User, public_id: uuid.UUID | str) -> PartnerView:
    """What a partner with a role in the plan sees (``may_view_plan_part``): the current
    version's goals in the life domains shared with their organisation, and the plan's
    agreements their organisation owns. Nothing else; anyone without a role gets a 404."""
    plan = (
        Plan.objects.filter(case__public_id=public_id, case__status__in=APPROACH_STATUSES)
        .select_related("case")
        .first()
    )
    if plan is None or not may_view_plan_part(
        user, partner_organisation_ids=partner_organisation_ids(plan)
    ):
        raise Http404
    organisation_id = user.organisation_id or 0
    domains = list(
        LifeDomain.objects.filter(
            pk__in=PlanShare.objects.filter(plan=plan, organisation_id=organisation_id).values(
                "life_domain"
            )
        ).order_by("position")
    )
    version = (
        PlanVersion.objects.filter(plan=plan, number=plan.current_number)
        .select_related("measure")
        .first()
    )
    entries = [
        entry
        for entry in version_entries(version)
        if entry.life_domain_id in {domain.pk for domain in domains}
    ]
    persons = [entry.person for entry in entries]
    unique_persons = list({person.pk: person for person in persons}.values())
    agreements = [
        link for link in plan_links(plan) if link.agreement.owner_organisation_id == organisation_id
    ]
    return PartnerView(
        case=plan.case,
        version=version,
        goals=grouped(entries, unique_persons),
        agreements=agreements,
        domain_names=[domain.name for domain in domains],
    )


def partner_plans(user: User) -> QuerySet[Plan]:
    """The plans in which the user's organisation has a role (for their home page or list)."""
    if not user.is_authenticated or user.organisation_id is None:
        return Plan.objects.none()
    organisation_id = user.organisation_id
    return (
        Plan.objects.filter(case__status__in=APPROACH_STATUSES)
        .filter(
            Q(shares__organisation_id=organisation_id)
            | Q(agreement_links__agreement__owner_organisation_id=organisation_id)
        )
        .select_related("case")
        .distinct()
        .order_by("case__reference")
    )


# --- monitoring, escalation, aftercare (issue 13, items 4-6) -----------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CourseOfCase:
    """What the plan page shows of the course of the case: evaluations (with their scores
    and reviewed agreements), the chart, escalations and aftercare checks."""

    evaluations: list[Evaluation]
    chart: Chart
    escalations: list[Escalation]
    checks: list[AftercareCheck]
    next_evaluation_on: date | None

    @property
    def open_check(self) -> AftercareCheck | None:
        return next((c for c in self.checks if c.done_at is None and not c.cancelled), None)


def evaluations_of(plan: Plan | None) -> list[Evaluation]:
    """The plan's evaluations with their scores and reviews (three queries in all)."""
    if plan is None:
        return []
    return list(
        Evaluation.objects.filter(plan=plan)
        .select_related("created_by", "close_reason")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=EvaluationScore.objects.select_related("person", "life_domain").order_by(
                    "person__position", "person_id", "life_domain__position"
                ),
            ),
            Prefetch(
                "agreement_reviews",
                queryset=EvaluationAgreement.objects.select_related("agreement").order_by(
                    "agreement__due_on", "pk"
                ),
            ),
        )
        .order_by("held_on", "pk")
    )


def chart_of(page: PlanPage, evaluations: list[Evaluation]) -> Chart:
    """Per goal of the current version: its start score (at the plan's first version) and its
    score at every evaluation."""
    if page.version is None:
        return score_chart(moments=[], series=[])
    start = page.versions[-1].created_at.date()
    moments = [(gettext("Start"), start)] + [
        (gettext("Evaluation"), evaluation.held_on) for evaluation in evaluations
    ]
    scored = [
        {(score.person_id, score.life_domain_id): score.score for score in evaluation.scores.all()}
        for evaluation in evaluations
    ]
    series: list[tuple[str, list[int | None]]] = []
    for goals in page.goals:
        for entry in goals.entries:
            key = (entry.person_id, entry.life_domain_id)
            name = f"{goals.person.full_name}: {entry.life_domain.name}"
            points: list[int | None] = [entry.start_score]
            points += [scores.get(key) for scores in scored]
            series.append((name, points))
    return score_chart(moments=moments, series=series)


def course_of_case(page: PlanPage) -> CourseOfCase:
    """The course of the case for its plan page: a constant number of queries whatever the
    number of evaluations, agreements or checks."""
    evaluations = evaluations_of(page.plan)
    version = page.version
    latest = max(evaluations, key=lambda e: (e.created_at, e.pk)) if evaluations else None
    next_on = effective_next_evaluation(
        version_next=version.next_evaluation_on if version else None,
        version_at=version.created_at if version else None,
        evaluation_next=latest.next_evaluation_on if latest else None,
        evaluation_at=latest.created_at if latest else None,
    )
    return CourseOfCase(
        evaluations=evaluations,
        chart=chart_of(page, evaluations),
        escalations=escalations_of(page.case),
        checks=checks_of(page.case),
        next_evaluation_on=next_on,
    )


def open_plan_agreements(plan: Plan | None) -> list[PlanAgreement]:
    """The plan's agreements that are still open (to review at an evaluation)."""
    return [link for link in plan_links(plan) if link.agreement.state == Agreement.State.OPEN]


def escalations_of(case: Case) -> list[Escalation]:
    """The case's escalations and handings back, oldest first (one query)."""
    return list(
        Escalation.objects.filter(case=case)
        .select_related("to_organisation", "by", "plan_version", "route")
        .order_by("at", "pk")
    )


def checks_of(case: Case) -> list[AftercareCheck]:
    """The case's aftercare checks by date (one query)."""
    return list(
        AftercareCheck.objects.filter(case=case).select_related("done_by").order_by("due_on", "pk")
    )
