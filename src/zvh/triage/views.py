"""The meldpunt's pages: the queue and one registration (screening, requests, decision).

Only screeners reach these pages (others get 403), and only for their own Veiligheidshuis's
registrations (anything else is a 404). Every read starts from ``registrations_for_meldpunt``.
A refused form is shown again, with what was typed and an error summary at the top.

Access logging (purpose triage): the queue is logged as a search concerning the registrations
and main persons on the page (the drafts to complete included); the detail page as a view of
the registration, its persons and the "already known" registrations and persons it shows, before
rendering. The services log their changes; refusals (403, 404) are logged as denied
(``zvh.registrations.access``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_use_meldpunt
from zvh.casework.selectors import case_proposals
from zvh.common.client_address import client_address
from zvh.registrations.access import guarded, log_page_read
from zvh.registrations.models import Registration
from zvh.registrations.status import DECIDED_STATUSES, Status
from zvh.registrations.workflow import TransitionError

from . import services, table
from .forms import DecisionForm, InformationRequestForm, QueueFilterForm, ScreeningForm
from .selectors import (
    deadline_state,
    drafts_to_complete,
    known_persons,
    meldpunt_queue,
    meldpunt_registration,
    queue_filter_choices,
)


def meldpunt_only(*, event_type: EventType) -> Callable[[Callable], Callable]:
    """Log in first; then only screeners of a Veiligheidshuis pass (403 for everyone else).
    Refusals (403, 404) are logged as denied ``event_type`` for purpose triage."""
    return guarded(allowed=may_use_meldpunt, event_type=event_type, purpose=Purpose.TRIAGE)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryItem:
    href: str
    text: str


def error_summary(form: Form | None) -> list[SummaryItem]:
    """The form's errors as links to the fields they concern (for the summary at the top)."""
    if form is None or not form.is_bound or not form.errors:
        return []
    items = [SummaryItem(href="#errors", text=str(e)) for e in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            if bound.is_hidden:
                items.append(SummaryItem(href="#errors", text=str(message)))
                continue
            target = bound.auto_id + ("_0" if bound.use_fieldset else "")
            items.append(SummaryItem(href=f"#{target}", text=f"{bound.label}: {message}"))
    return items


# --- the queue ---------------------------------------------------------------------------------


@require_GET
@meldpunt_only(event_type=EventType.SEARCH)
def queue(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    choices = queue_filter_choices(veiligheidshuis=request.user.veiligheidshuis)
    form = QueueFilterForm(request.GET or None, choices=choices)
    filters = form.filters(page=request.GET.get("page"))
    result = meldpunt_queue(user=request.user, filters=filters, now=now)
    drafts = drafts_to_complete(user=request.user, now=now)
    shown = [
        row for rows in (drafts.rows, result.rows, result.due_soon, result.overdue) for row in rows
    ]
    log_page_read(
        request,
        registrations=[row.registration for row in shown],
        persons=[row.main_person for row in shown if row.main_person is not None],
        event_type=EventType.SEARCH,
        purpose=Purpose.TRIAGE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "triage/queue.html",
        {
            "form": form,
            "filters": filters,
            "queue": result,
            "drafts": drafts,
            "tables": {
                "rows": table.queue_cells(result.rows),
                "drafts": table.draft_cells(drafts.rows),
                "overdue": table.overview_items(result.overdue),
                "due_soon": table.overview_items(result.due_soon),
            },
            "query": query.urlencode(),
            "summary": error_summary(form),
        },
    )


# --- one registration --------------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    registration: Registration,
    *,
    request_form: InformationRequestForm | None = None,
    screening_form: ScreeningForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
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
            "summary": summary,
        },
        status=status,
    )


@require_GET
@meldpunt_only(event_type=EventType.VIEW)
def detail(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    return _render_detail(request, registration)


def _refused(error: ValidationError) -> int:
    return 409 if getattr(error, "code", None) == "conflict" else 400


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
            return _render_detail(request, registration, request_form=form, status=_refused(error))
        messages.success(
            request,
            _("Your question was sent. The reply term stands still until the answer."),
        )
        return redirect("triage:detail", public_id=registration.public_id)
    return _render_detail(request, registration, request_form=form, status=400)


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
            return _render_detail(
                request, registration, screening_form=form, status=_refused(error)
            )
        messages.success(request, _("The screening was saved."))
        return redirect("triage:detail", public_id=registration.public_id)
    return _render_detail(request, registration, screening_form=form, status=400)


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def decide(request: HttpRequest, public_id) -> HttpResponse:
    registration = meldpunt_registration(user=request.user, public_id=public_id)
    form = DecisionForm(
        request.POST, prefix="decision", veiligheidshuis=registration.veiligheidshuis
    )
    if form.is_valid():
        try:
            services.registration_decide(
                registration=registration,
                by=request.user,
                decision=form.decision(),
                now=timezone.now(),
                expected_version=form.cleaned_data["version"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return _render_detail(request, registration, decision_form=form, status=_refused(error))
        messages.success(request, _("The decision was saved and the registrant has been told."))
        return redirect("triage:detail", public_id=registration.public_id)
    return _render_detail(request, registration, decision_form=form, status=400)
