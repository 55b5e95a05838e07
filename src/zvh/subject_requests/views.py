"""The privacy officer's pages for data-subject requests.

Only privacy officers get in (others 403), and only to their own Veiligheidshuis's requests
(another's is a 404); both refusals are logged (``guards``). Reading a request's personal data
is logged before the page renders (the list as a search, the detail and edit pages as a view,
the letter as a print); every change is logged by its service. A refused form is shown again
(400) with what was typed and a linked error summary.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.permissions import may_handle_subject_requests
from zvh.common.client_address import client_address
from zvh.common.error_summary import error_summary
from zvh.common.service_errors import performed

from . import services
from .audit import log_requests
from .enums import RequestKind, RequestStatus
from .forms import AnswerForm, ExtendForm, RequestForm, RestrictionForm, today_initial
from .guards import guarded
from .models import SubjectAccessReport
from .presentation import LETTER_SUBJECTS, report_lines
from .selectors import subject_request_for, subject_request_rows


def officer_only(*, event_type: EventType):
    return guarded(
        allowed=may_handle_subject_requests,
        event_type=event_type,
        purpose=Purpose.DATA_SUBJECT_REQUEST,
    )


def _log(request: HttpRequest, requests, event_type: EventType) -> None:
    log_requests(
        user=request.user,
        requests=requests,
        event_type=event_type,
        client_address=client_address(request),
        veiligheidshuis_id=request.user.veiligheidshuis.pk,
    )


def _form_page(
    request: HttpRequest, template: str, context: dict, *, form, status: int = 200
) -> HttpResponse:
    return render(
        request,
        template,
        {**context, "form": form, "summary": error_summary(form)},
        status=status,
    )


@require_GET
@never_cache
@officer_only(event_type=EventType.SEARCH)
def request_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("toon") != "alle"
    rows = subject_request_rows(user=request.user, now=timezone.now(), open_only=open_only)
    _log(request, [row.request for row in rows], EventType.SEARCH)
    return render(
        request,
        "subject_requests/list.html",
        {"rows": rows, "open_only": open_only, "veiligheidshuis": request.user.veiligheidshuis},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@officer_only(event_type=EventType.CREATE)
def request_create(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    if request.method == "POST":
        form = RequestForm(request.POST)
        made = performed(
            form,
            lambda data: services.subject_request_register(
                by=request.user,
                details=form.details(),
                now=now,
                client_address=client_address(request),
            ),
        )
        if made is not None:
            messages.success(
                request, _("Request %(reference)s was registered.") % {"reference": made.reference}
            )
            return redirect("subject_requests:detail", public_id=made.public_id)
        return _form_page(request, "subject_requests/form.html", {}, form=form, status=400)
    form = RequestForm(initial={"received_on": today_initial(now)})
    return _form_page(request, "subject_requests/form.html", {}, form=form)


@require_GET
@never_cache
@officer_only(event_type=EventType.VIEW)
def request_detail(request: HttpRequest, public_id) -> HttpResponse:
    subject_request = subject_request_for(request.user, public_id)
    report = SubjectAccessReport.objects.filter(request=subject_request).first()
    events = list(subject_request.events.select_related("by"))
    _log(request, [subject_request], EventType.VIEW)
    return render(
        request,
        "subject_requests/detail.html",
        {
            "subject_request": subject_request,
            "report": report,
            "events": events,
            "days_left": (subject_request.due_on - today_initial(timezone.now())).days,
            "is_access": subject_request.kind == RequestKind.ACCESS,
        },
    )


@require_http_methods(["GET", "POST"])
@never_cache
@officer_only(event_type=EventType.UPDATE)
def request_edit(request: HttpRequest, public_id) -> HttpResponse:
    subject_request = subject_request_for(request.user, public_id)
    context = {"subject_request": subject_request}
    if not subject_request.is_open:
        messages.error(request, _("This request has been answered; it cannot change."))
        return redirect("subject_requests:detail", public_id=public_id)
    if request.method == "POST":
        form = RequestForm(request.POST)
        changed = performed(
            form,
            lambda data: services.subject_request_change(
                request=subject_request,
                by=request.user,
                details=form.details(),
                now=timezone.now(),
                client_address=client_address(request),
            ),
        )
        if changed is not None:
            messages.success(request, _("The request was changed."))
            return redirect("subject_requests:detail", public_id=public_id)
        return _form_page(request, "subject_requests/form.html", context, form=form, status=400)
    _log(request, [subject_request], EventType.VIEW)
    form = RequestForm(initial=RequestForm.initial_for(subject_request))
    return _form_page(request, "subject_requests/form.html", context, form=form)


def _step_view(
    request: HttpRequest,
    public_id,
    *,
    service: Callable[..., Any],
    form_class,
    template: str,
    success: str,
    heading: str,
    button: str,
    initial: dict | None = None,
) -> HttpResponse:
    """A step on an open request: GET shows the form (no personal data on it: the reference,
    the kind and the dates), POST performs it through ``service``, which takes the form's
    fields by name."""
    subject_request = subject_request_for(request.user, public_id)
    context = {"subject_request": subject_request, "heading": heading, "button": button}
    if not subject_request.is_open:
        messages.error(request, _("This request has been answered; it cannot change."))
        return redirect("subject_requests:detail", public_id=public_id)
    if request.method == "POST":
        form = form_class(request.POST)
        done = performed(
            form,
            lambda data: service(
                request=subject_request,
                by=request.user,
                now=timezone.now(),
                client_address=client_address(request),
                **data,
            ),
        )
        if done is not None:
            messages.success(request, success)
            return redirect("subject_requests:detail", public_id=public_id)
        return _form_page(request, template, context, form=form, status=400)
    return _form_page(request, template, context, form=form_class(initial=initial))


@require_http_methods(["GET", "POST"])
@never_cache
@officer_only(event_type=EventType.UPDATE)
def request_extend(request: HttpRequest, public_id) -> HttpResponse:
    return _step_view(
        request,
        public_id,
        service=services.subject_request_extend,
        form_class=ExtendForm,
        template="subject_requests/extend.html",
        success=_("The term was extended by two months."),
        heading=_("Extend the term"),
        button=_("Extend by two months"),
        initial={"notice_on": today_initial(timezone.now())},
    )


@require_http_methods(["GET", "POST"])
@never_cache
@officer_only(event_type=EventType.UPDATE)
def request_restrict(request: HttpRequest, public_id) -> HttpResponse:
    return _step_view(
        request,
        public_id,
        service=services.subject_request_restrict,
        form_class=RestrictionForm,
        template="subject_requests/restrict.html",
        success=_("The restriction was recorded."),
        heading=_("Record a restriction"),
        button=_("Record the restriction"),
    )


@require_http_methods(["GET", "POST"])
@never_cache
@officer_only(event_type=EventType.UPDATE)
def request_answer(request: HttpRequest, public_id) -> HttpResponse:
    return _step_view(
        request,
        public_id,
        service=services.subject_request_answer,
        form_class=AnswerForm,
        template="subject_requests/answer.html",
        success=_("The answer was recorded."),
        heading=_("Answer the request"),
        button=_("Record the answer"),
        initial={"answered_on": today_initial(timezone.now())},
    )


@require_POST
@never_cache
@officer_only(event_type=EventType.EXPORT)
def request_report(request: HttpRequest, public_id) -> HttpResponse:
    """Make the access report and attach it to the (access) request."""
    subject_request = subject_request_for(request.user, public_id)
    try:
        services.subject_request_attach_report(
            request=subject_request,
            by=request.user,
            now=timezone.now(),
            client_address=client_address(request),
        )
    except ValidationError as error:
        for problems in error.message_dict.values():
            for problem in problems:
                messages.error(request, problem)
    else:
        messages.success(request, _("The access report was made and attached."))
    return redirect("subject_requests:detail", public_id=public_id)


@require_GET
@never_cache
@officer_only(event_type=EventType.PRINT)
def request_letter(request: HttpRequest, public_id) -> HttpResponse:
    """The answer letter, for printing: the reference, dates, the decision and its ground, the
    restriction's ground, and for access the report as an enclosure. The BSN and the birth date
    are not printed; the requester's name and address are, for the envelope window."""
    subject_request = subject_request_for(request.user, public_id)
    report = SubjectAccessReport.objects.filter(request=subject_request).first()
    _log(request, [subject_request], EventType.PRINT)
    return render(
        request,
        "subject_requests/letter.html",
        {
            "subject_request": subject_request,
            "veiligheidshuis": subject_request.veiligheidshuis,
            "report": report,
            "report_lines": report_lines(report.rows) if report else [],
            "letter_subject": LETTER_SUBJECTS[RequestKind(subject_request.kind)],
            "today": today_initial(timezone.now()),
            "answered": subject_request.status == RequestStatus.ANSWERED,
        },
    )
