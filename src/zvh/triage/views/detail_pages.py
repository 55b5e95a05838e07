"""One registration: its page, screening and information requests (the decision and its check
step: ``decision_pages``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_assign
from zvh.casework.selectors import case_proposals
from zvh.common.client_address import client_address
from zvh.registrations.access import log_page_read
from zvh.registrations.models import Registration
from zvh.registrations.selectors import registrations_for_meldpunt
from zvh.registrations.status import DECIDED_STATUSES, OPEN_STATUSES, Status
from zvh.registrations.workflow import TransitionError

from .. import services
from ..forms import DecisionForm, InformationRequestForm, ScreeningForm
from ..selectors import (
    deadline_state,
    known_persons,
    meldpunt_registration,
)
from .common import assign_as_posted, error_summary, meldpunt_only

# --- one registration --------------------------------------------------------------------------


def render_detail(
    request: HttpRequest,
    registration: Registration,
    *,
    request_form: InformationRequestForm | None = None,
    screening_form: ScreeningForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The registration's page; a form given (refused, or carried back from the decision's check
    page) is shown as it came, the others fresh."""
    now = timezone.now()
    open_for_action = registration.status in (Status.RECEIVED, Status.SCREENING)
    can_screen = registration.status not in DECIDED_STATUSES
    # a form is only made when the page shows it (a refused one comes in as an argument)
    if request_form is None and open_for_action:
        request_form = InformationRequestForm(prefix="request")
    if screening_form is None and can_screen:
        screening_form = ScreeningForm(prefix="screening", registration=registration)
    if decision_form is None and open_for_action:
        decision_form = DecisionForm(
            prefix="decision",
            veiligheidshuis=registration.veiligheidshuis,
            initial={"version": registration.version},
        )
    summary = [
        *error_summary(request_form),
        *error_summary(screening_form),
        *error_summary(decision_form),
    ]
    # who works on it (read with the registration: ``meldpunt_registration``), and whether the
    # screener may take it ("assign to me", also from a colleague) or give it up
    assignment = getattr(registration, "assignment", None)
    assignee = assignment.assignee if assignment is not None else None
    can_assign = registration.status in OPEN_STATUSES and may_assign(
        request.user, registration, request.user
    )
    known = known_persons(registration=registration)
    matches = [match for item in known for match in item.matches]
    log_page_read(
        request,
        registrations=[registration, *(match.registration for match in matches)],
        persons=[*registration.persons.all(), *(match.person for match in matches)],
        purpose=Purpose.TRIAGE,
    )
    return render(
        request,
        "triage/detail.html",
        {
            "registration": registration,
            "deadline": deadline_state(registration, now=now),
            "known": known,
            "case_proposals": case_proposals(
                registration=registration, earlier=[m.registration.pk for m in matches]
            ),
            "decision": getattr(registration, "decision", None),
            "request_form": request_form,
            "screening_form": screening_form,
            "decision_form": decision_form,
            "can_start": registration.status == Status.RECEIVED,
            "can_request": open_for_action,
            "can_decide": open_for_action,
            "can_screen": can_screen,
            "assignee": assignee,
            "assigned_to_me": assignee is not None and assignee.pk == request.user.pk,
            "can_assign": can_assign,
            "summary": summary,
        },
        status=status,
    )


@require_GET
@meldpunt_only(event_type=EventType.VIEW)
def detail(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    return render_detail(request, registration)


def refused_status(error: ValidationError) -> int:
    """409 for a stale write (someone changed the registration meanwhile), else 400."""
    return 409 if getattr(error, "code", None) == "conflict" else 400


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def detail_assign(request: HttpRequest, public_id) -> HttpResponse:
    """The registration's page's "assign to me" (also taking it over from a colleague) and
    "remove the assignment"; back to that page with a message."""
    registration = get_object_or_404(registrations_for_meldpunt(request.user), public_id=public_id)
    assign_as_posted(request, registration)
    return redirect("triage:detail", public_id=registration.public_id)


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def start_screening(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    try:
        services.screening_start(
            registration=registration,
            by=request.user,
            now=timezone.now(),
            client_address=client_address(request),
        )
    except TransitionError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Screening started."))
    return redirect("triage:detail", public_id=registration.public_id)


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def request_information(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    form = InformationRequestForm(request.POST, prefix="request")
    if form.is_valid():
        try:
            services.information_request_create(
                registration=registration,
                by=request.user,
                question=form.cleaned_data["question"],
                now=timezone.now(),
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return render_detail(
                request, registration, request_form=form, status=refused_status(error)
            )
        messages.success(
            request,
            _("Your question was sent. The reply term stands still until the answer."),
        )
        return redirect("triage:detail", public_id=registration.public_id)
    return render_detail(request, registration, request_form=form, status=400)


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def screening(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    form = ScreeningForm(request.POST, prefix="screening", registration=registration)
    if form.is_valid():
        try:
            services.screening_answers_save(
                registration=registration,
                by=request.user,
                answers=form.answers(),
                now=timezone.now(),
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return render_detail(
                request, registration, screening_form=form, status=refused_status(error)
            )
        missing = len(services.unanswered_criteria_errors(registration))
        if missing:
            text = ngettext(
                "The answers were saved. %(n)s question is still to be answered before deciding.",
                "The answers were saved. %(n)s questions are still to be answered before deciding.",
                missing,
            ) % {"n": missing}
        else:
            text = _("The screening was saved.")
        messages.success(request, text)
        return redirect("triage:detail", public_id=registration.public_id)
    return render_detail(request, registration, screening_form=form, status=400)
