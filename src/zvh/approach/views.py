"""Pages of the integrated approach (mounted at /aanpak/): the procesregisseur's caseload, a
case's plan of approach (direction, versions, agreements, sharing), two versions side by side,
and what a partner with a role in the plan sees.

Every page asks ``zvh.accounts.permissions`` (through the guard, the selectors and the services)
and logs what it shows before rendering, with purpose "process direction"; refusals are logged
as denied (``registrations.access.guarded``). A partner's view is also recorded in the case's
sharing record (``services.sharing.plan_part_viewed``).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    is_active_user,
    may_edit_plan,
    may_read_access_log,
    may_use_casework,
)
from zvh.casework.access import log_case_request, log_cases_search
from zvh.casework.models import Case
from zvh.casework.selectors import staff_house_id
from zvh.common.client_address import client_address
from zvh.common.service_errors import add_to_form
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.registrations.access import guarded

from . import selectors
from .forms import AgreementForm, CompareForm, DirectionForm, PlanForm, ShareForm, entry_prefix
from .forms_monitoring import EscalationForm
from .services.common import log_direction
from .services.direction import direction_assign
from .services.monitoring import proposed_next_evaluation
from .services.plans import plan_agreement_add, plan_version_create
from .services.sharing import plan_part_viewed, plan_share


class AuthenticatedRequest(HttpRequest):
    user: User


def _guard(allowed: Any, event_type: EventType) -> Any:
    return guarded(allowed=allowed, event_type=event_type, purpose=Purpose.PROCESS_DIRECTION)


def _is_staff(user: Any) -> bool:
    return staff_house_id(user) is not None


def _log_view(request: AuthenticatedRequest, case: Case) -> None:
    log_direction(
        by=request.user,
        case=case,
        client_address=client_address(request),
        event_type=EventType.VIEW,
    )


def _actor(request: AuthenticatedRequest) -> dict[str, Any]:
    """Who writes, when and from where: what every service of this app is given."""
    return {"by": request.user, "now": timezone.now(), "client_address": client_address(request)}


def _is_conflict(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "conflict"


# --- the caseload ------------------------------------------------------------------------------


@require_GET
@_guard(may_use_casework, EventType.SEARCH)
def caseload(request: AuthenticatedRequest) -> HttpResponse:
    """The procesregisseur's own cases with what needs attention, and the house's cases in the
    integrated approach without a procesregisseur."""
    today = timezone.localdate(timezone=LOCAL_TZ)
    rows = selectors.caseload(user=request.user, today=today)
    unassigned = list(selectors.cases_without_direction(request.user))
    cases = [row.case for row in rows] + unassigned
    if cases:
        log_cases_search(
            user=request.user,
            cases=cases,
            purpose=Purpose.PROCESS_DIRECTION,
            client_address=client_address(request),
        )
    return render(
        request,
        "approach/caseload.html",
        {"rows": rows, "unassigned": unassigned, "today": today},
    )


# --- the plan ----------------------------------------------------------------------------------


def _goal_choices(page: selectors.PlanPage) -> list[tuple[str, str]]:
    return [
        (
            f"{entry.person_id}-{entry.life_domain_id}",
            f"{goals.person.full_name}: {entry.life_domain.name}",
        )
        for goals in page.goals
        for entry in goals.entries
    ]


def _plan_page(
    request: AuthenticatedRequest, case: Case, *, status: int = 200, **forms: Any
) -> HttpResponse:
    page = selectors.plan_page(case)
    current = page.current_direction
    editor = may_edit_plan(request.user, case)
    context = {
        "page": page,
        "case": case,
        "editor": editor,
        "scale": selectors.scale_labels(case.veiligheidshuis_id),
        "direction_form": forms.get("direction_form")
        or DirectionForm(
            case=case, initial={"procesregisseur": current and current.procesregisseur_id}
        ),
        "agreement_form": forms.get("agreement_form")
        or AgreementForm(
            case=case, goals=_goal_choices(page), initial={"base_version": page.current_number}
        ),
        "share_form": forms.get("share_form") or ShareForm(case=case),
        "escalation_form": forms.get("escalation_form")
        or EscalationForm(case=case, initial={"base_version": page.current_number}),
        "course": selectors.course_of_case(page),
        "compare_form": CompareForm(
            numbers=[v.number for v in page.versions],
            initial={
                "left": max(page.current_number - 1, 1),
                "right": page.current_number,
            },
        ),
    }
    _log_view(request, case)
    return render(request, "approach/plan_detail.html", context, status=status)


@require_GET
@_guard(_is_staff, EventType.VIEW)
def plan_detail(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    return _plan_page(request, case)


def _plan_form_post(
    request: AuthenticatedRequest,
    case: Case,
    *,
    form: Any,
    form_name: str,
    save: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """A form on the plan page: a valid form goes to its service (``save``); a refusal shows on
    the form, on the plan page (400; 409 when someone saved a newer version first); success
    returns to the plan with the message ``done``."""
    status = 400
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            status = 409 if _is_conflict(error) else 400
            add_to_form(form, error)
        else:
            messages.success(request, done)
            return redirect("approach:plan", public_id=case.public_id)
    return _plan_page(request, case, status=status, **{form_name: form})


@require_POST
@_guard(_is_staff, EventType.UPDATE)
def direction(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    return _plan_form_post(
        request,
        case,
        form=DirectionForm(request.POST, case=case),
        form_name="direction_form",
        save=lambda data: direction_assign(
            case=case,
            procesregisseur_id=data["procesregisseur"].pk,
            reason=data["reason"],
            **_actor(request),
        ),
        done=_("The procesregisseur was assigned."),
    )


def _plan_form(case: Case, data: Any = None, initial: Any = None) -> PlanForm:
    return PlanForm(
        data,
        case=case,
        persons=selectors.case_persons(case),
        life_domains=list(case.veiligheidshuis.life_domains.all()),
        scale=selectors.scale_labels(case.veiligheidshuis_id),
        initial=initial,
    )


def _initial(page: selectors.PlanPage) -> dict[str, Any]:
    """The form filled with the current version (or empty for the first)."""
    initial: dict[str, Any] = {"base_version": page.current_number, "form": "voluntary"}
    version = page.version
    if version is None:
        initial["next_evaluation_on"] = proposed_next_evaluation(
            veiligheidshuis_id=page.case.veiligheidshuis_id,
            after=timezone.localdate(timezone=LOCAL_TZ),
        )
        return initial
    initial.update(
        form=version.form,
        measure=version.measure_id,
        measure_ends_on=version.measure_ends_on,
        next_evaluation_on=version.next_evaluation_on,
    )
    for goals in page.goals:
        for entry in goals.entries:
            prefix = entry_prefix(goals.person, entry.life_domain)
            initial[f"{prefix}_situation"] = entry.situation
            initial[f"{prefix}_goal"] = entry.goal
            initial[f"{prefix}_score"] = str(entry.start_score)
    return initial


@require_http_methods(["GET", "POST"])
@_guard(_is_staff, EventType.UPDATE)
def plan_edit(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """A new version of the plan. Saving from a stale version is refused (409) with the typed
    input kept and a link to the latest version; nothing is overwritten."""
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    page = selectors.plan_page(case)
    status = 200
    conflict = False
    if request.method == "POST":
        form = _plan_form(case, request.POST)
        status = 400
        if form.is_valid():
            try:
                plan_version_create(
                    case=case,
                    data=form.plan_input(),
                    base_version=form.cleaned_data["base_version"],
                    **_actor(request),
                )
            except ValidationError as error:
                conflict = _is_conflict(error)
                status = 409 if conflict else 400
                add_to_form(form, error, names=form.error_name)
            else:
                messages.success(request, _("The plan was saved as a new version."))
                return redirect("approach:plan", public_id=case.public_id)
    else:
        form = _plan_form(case, initial=_initial(page))
    _log_view(request, case)
    return render(
        request,
        "approach/plan_form.html",
        {"case": case, "form": form, "page": page, "conflict": conflict},
        status=status,
    )


@require_POST
@_guard(_is_staff, EventType.UPDATE)
def agreement_add(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    form = AgreementForm(request.POST, case=case, goals=_goal_choices(selectors.plan_page(case)))
    return _plan_form_post(
        request,
        case,
        form=form,
        form_name="agreement_form",
        save=lambda data: plan_agreement_add(
            case=case,
            data=form.agreement_input(),
            base_version=data["base_version"],
            **_actor(request),
        ),
        done=_("The agreement was added to the plan."),
    )


@require_POST
@_guard(_is_staff, EventType.UPDATE)
def share(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    return _plan_form_post(
        request,
        case,
        form=ShareForm(request.POST, case=case),
        form_name="share_form",
        save=lambda data: plan_share(
            case=case,
            organisation_id=data["organisation"].pk,
            life_domain_ids=[domain.pk for domain in data["life_domains"]],
            **_actor(request),
        ),
        done=_("What the partner sees was saved."),
    )


@require_GET
@_guard(_is_staff, EventType.VIEW)
def compare(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """Two versions of the plan side by side (changed rows marked)."""
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    page = selectors.plan_page(case)
    form = CompareForm(request.GET or None, numbers=[v.number for v in page.versions])
    if not form.is_valid():
        messages.error(request, _("Choose two versions of the plan to compare."))
        return redirect("approach:plan", public_id=case.public_id)
    left = selectors.version_of(page.plan, form.cleaned_data["left"])
    right = selectors.version_of(page.plan, form.cleaned_data["right"])
    rows = selectors.compared(left, right)
    _log_view(request, case)
    return render(
        request,
        "approach/compare.html",
        {
            "case": case,
            "left": left,
            "right": right,
            "rows": rows,
            "left_agreements": selectors.plan_links(page.plan, up_to=left.number),
            "right_agreements": selectors.plan_links(page.plan, up_to=right.number),
            "scale": selectors.scale_labels(case.veiligheidshuis_id),
        },
    )


# --- partners ----------------------------------------------------------------------------------


@require_GET
@_guard(is_active_user, EventType.SEARCH)
def partner_list(request: AuthenticatedRequest) -> HttpResponse:
    """The plans in which the user's organisation has a role (references only)."""
    plans = list(selectors.partner_plans(request.user))
    if plans:
        log_cases_search(
            user=request.user,
            cases=[plan.case for plan in plans],
            purpose=Purpose.PROCESS_DIRECTION,
            client_address=client_address(request),
        )
    return render(request, "approach/partner_list.html", {"plans": plans})


@require_GET
@_guard(is_active_user, EventType.VIEW)
def partner_detail(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """A partner's part of the plan: the life domains shared with their organisation and their
    own agreements; logged and recorded in the sharing record before it renders."""
    view = selectors.partner_view(user=request.user, public_id=public_id)
    plan_part_viewed(
        case=view.case,
        domain_names=view.domain_names,
        agreements=len(view.agreements),
        by=request.user,
        now=timezone.now(),
        client_address=client_address(request),
    )
    return render(
        request,
        "approach/partner_detail.html",
        {"view": view, "scale": selectors.scale_labels(view.case.veiligheidshuis_id)},
    )


# --- the privacy officer -----------------------------------------------------------------------


@require_GET
@_guard(may_read_access_log, EventType.VIEW)
def disclosures(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """What of the case's plan went to which partner, when and why (the privacy officer)."""
    case, records = selectors.disclosures_for(user=request.user, public_id=public_id)
    log_case_request(request, case, purpose=Purpose.PRIVACY_REVIEW)
    return render(request, "approach/disclosures.html", {"case": case, "records": records})
