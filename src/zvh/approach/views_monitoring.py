"""Pages of monitoring, escalation and closure (issue 13, items 4-6): an evaluation, the
closing evaluation, an escalation or handing back (a form on the plan page), and an aftercare
check. Every page asks the permission module (``may_edit_plan``) and logs what it shows."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zvh.access_log.enums import EventType
from zvh.accounts.permissions import ensure, may_edit_plan
from zvh.casework.access import actor
from zvh.casework.models import Case
from zvh.common.service_errors import add_to_form
from zvh.deadlines.calculation import LOCAL_TZ

from . import selectors
from .forms_monitoring import AftercareCheckForm, EscalationForm, EvaluationForm
from .services.closure import aftercare_check_record, case_close_into_aftercare
from .services.escalation import escalation_record
from .services.monitoring import evaluation_record, proposed_next_evaluation
from .views import (
    AuthenticatedRequest,
    _guard,
    _is_conflict,
    _is_staff,
    _log_view,
    _plan_form_post,
)


def _evaluation_page(request: AuthenticatedRequest, public_id: Any, *, closing: bool) -> Any:
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    page = selectors.plan_page(case)
    today = timezone.localdate(timezone=LOCAL_TZ)
    kwargs: dict[str, Any] = {
        "case": case,
        "goals": page.goals,
        "agreements": selectors.open_plan_agreements(page.plan),
        "scale": selectors.scale_labels(case.veiligheidshuis_id),
        "closing": closing,
    }
    status = 200
    if request.method == "POST":
        form = EvaluationForm(request.POST, **kwargs)
        status = 400
        if form.is_valid():
            try:
                if closing:
                    case_close_into_aftercare(
                        case=case,
                        data=form.evaluation_input(),
                        close_reason_id=form.close_reason_id(),
                        **actor(request),
                    )
                else:
                    evaluation_record(case=case, data=form.evaluation_input(), **actor(request))
            except ValidationError as error:
                add_to_form(form, error, names=form.error_name)
            else:
                messages.success(
                    request,
                    _("The case was closed and is in aftercare now.")
                    if closing
                    else _("The evaluation was saved."),
                )
                return redirect("approach:plan", public_id=case.public_id)
    else:
        initial: dict[str, Any] = {"held_on": today}
        if not closing:
            initial["next_evaluation_on"] = proposed_next_evaluation(
                veiligheidshuis_id=case.veiligheidshuis_id, after=today
            )
        for goals in page.goals:
            for entry in goals.entries:
                initial[f"g{entry.person_id}_{entry.life_domain_id}_score"] = str(entry.start_score)
        form = EvaluationForm(initial=initial, **kwargs)
    _log_view(request, case)
    return render(
        request,
        "approach/evaluation_form.html",
        {"case": case, "form": form, "page": page, "closing": closing},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@_guard(_is_staff, EventType.UPDATE)
def evaluation(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """An evaluation of the plan: per goal a new score and a note, the agreements reviewed."""
    return _evaluation_page(request, public_id, closing=False)


@require_http_methods(["GET", "POST"])
@_guard(_is_staff, EventType.UPDATE)
def close(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """The closing evaluation: the result per goal and the closing reason; then aftercare."""
    return _evaluation_page(request, public_id, closing=True)


@require_POST
@_guard(_is_staff, EventType.UPDATE)
def escalation(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """An escalation or a handing back, from the form on the plan page."""
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    form = EscalationForm(request.POST, case=case)
    return _plan_form_post(
        request,
        case,
        form=form,
        form_name="escalation_form",
        save=lambda data: escalation_record(
            case=case,
            data=form.escalation_input(),
            base_version=data["base_version"],
            **actor(request),
        ),
        done=_("The escalation or handing back was recorded."),
    )


@require_http_methods(["GET", "POST"])
@_guard(_is_staff, EventType.UPDATE)
def aftercare_check(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    """The next aftercare check: how things are, and end, reopen or keep in aftercare."""
    case = selectors.case_for_plan(user=request.user, public_id=public_id)
    ensure(may_edit_plan(request.user, case))
    course = selectors.course_of_case(selectors.plan_page(case))
    status = 200
    form = AftercareCheckForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                check = aftercare_check_record(
                    case=case,
                    how_things_are=data["how_things_are"],
                    outcome=data["outcome"],
                    reason=data["reason"],
                    **actor(request),
                )
            except ValidationError as error:
                status = 409 if _is_conflict(error) else 400
                add_to_form(form, error)
            else:
                return _after_check(request, case, check.outcome)
    _log_view(request, case)
    return render(
        request,
        "approach/aftercare_form.html",
        {"case": case, "form": form, "check": course.open_check, "checks": course.checks},
        status=status,
    )


def _after_check(request: AuthenticatedRequest, case: Case, outcome: str) -> HttpResponse:
    if outcome == "end":
        messages.success(request, _("Case %(ref)s was closed.") % {"ref": case.reference})
        return redirect("approach:caseload")
    if outcome == "reopen":
        messages.success(request, _("The integrated approach was reopened."))
    else:
        messages.success(request, _("The check was saved; the case stays in aftercare."))
    return redirect("approach:plan", public_id=case.public_id)
