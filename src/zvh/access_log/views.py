"""The privacy officer's pages: the log with filters, its CSV export, and a data subject's report.

Only privacy officers get in, and they see their own Veiligheidshuis's entries only
(``selectors.access_log_visible_to``). Every use of these pages is itself logged, before any
entry is shown; a refused attempt is logged as denied.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from zvh.accounts.permissions import may_read_access_log
from zvh.common.client_address import client_address
from zvh.common.error_summary import error_summary
from zvh.common.pagination import CappedPaginator, WindowCountPaginator
from zvh.common.reauthentication import reauthentication_required

from . import csv_export
from .enums import EventType, Outcome, Purpose
from .forms import LogFilterForm, SubjectReportForm
from .selectors import (
    LogFilter,
    access_log_filtered,
    access_log_organisations,
    subject_report_entries,
)
from .services import access_log_record
from .subject_report import REPORT_COLUMNS, subject_report_groups
from .table import LOG_COLUMNS, log_rows
from .values import LoggedObject, LoggedPerson

PAGE_SIZE = 50


def _log_own_use(
    request: HttpRequest,
    *,
    event_type: EventType,
    purpose: Purpose,
    person: LoggedPerson | None = None,
    outcome: Outcome = Outcome.SUCCESS,
) -> None:
    """The log itself is personal data: reading, searching and exporting it is logged too."""
    vh = request.user.veiligheidshuis
    access_log_record(
        event_type=event_type,
        user=request.user,
        purpose=purpose,
        objects=[
            LoggedObject(
                kind="access_log",
                id=str(vh.pk) if vh else "",
                reference=vh.code if vh else "",
                veiligheidshuis_id=vh.pk if vh else None,
            )
        ],
        persons=[person] if person else [],
        outcome=outcome,
        client_address=client_address(request),
    )


def _require_privacy_officer(request: HttpRequest, *, event_type: EventType, purpose: Purpose):
    if not may_read_access_log(request.user):
        _log_own_use(request, event_type=event_type, purpose=purpose, outcome=Outcome.DENIED)
        raise PermissionDenied


def _log_page(request: HttpRequest, form: LogFilterForm, *, status: int = 200) -> HttpResponse:
    page = None
    if not form.is_bound or form.is_valid():
        filters = form.filters() if form.is_bound else LogFilter()
        _log_own_use(
            request,
            event_type=EventType.SEARCH,
            purpose=Purpose.PRIVACY_REVIEW,
            person=form.person() if form.is_bound else None,
        )
        entries = access_log_filtered(user=request.user, filters=filters).only(*LOG_COLUMNS)
        number = form.cleaned_data.get("page") if form.is_bound else None
        # a person's entries are read whole and sorted for any page: count them in that query
        paginator = WindowCountPaginator if filters.person_keys else CappedPaginator
        page = paginator(entries, PAGE_SIZE).get_page(number or 1)
    context = {
        "form": form,
        "page": page,
        "rows": log_rows(page) if page is not None else [],
        "summary": error_summary(form),
        "veiligheidshuis": request.user.veiligheidshuis,
    }
    return render(request, "access_log/log.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def log_list(request: HttpRequest) -> HttpResponse:
    """The log of the officer's Veiligheidshuis, newest first, 50 a page. The filters are
    posted (a BSN never goes into a URL); the page buttons post them again."""
    _require_privacy_officer(request, event_type=EventType.SEARCH, purpose=Purpose.PRIVACY_REVIEW)
    organisations = access_log_organisations(user=request.user)
    data = request.POST if request.method == "POST" else None
    return _log_page(request, LogFilterForm(data, organisations=organisations))


@login_required
@never_cache
@require_POST
@reauthentication_required
def log_export(request: HttpRequest) -> HttpResponse:
    """The filtered entries as CSV (all pages), streamed."""
    _require_privacy_officer(request, event_type=EventType.EXPORT, purpose=Purpose.PRIVACY_REVIEW)
    form = LogFilterForm(request.POST, organisations=access_log_organisations(user=request.user))
    if not form.is_valid():
        return _log_page(request, form, status=400)
    _log_own_use(
        request,
        event_type=EventType.EXPORT,
        purpose=Purpose.PRIVACY_REVIEW,
        person=form.person(),
    )
    entries = access_log_filtered(user=request.user, filters=form.filters())
    vh = request.user.veiligheidshuis
    filename = f"toegangslog-{vh.code}-{timezone.localdate().isoformat()}.csv"
    response = StreamingHttpResponse(
        csv_export.rows(entries), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def subject_report(request: HttpRequest) -> HttpResponse:
    """A data subject's report (AVG art. 15, WGS): which organisation, in which role, accessed
    their data, when and for what purpose, per registration of theirs and in plain language
    (``subject_report``). Names of staff are left out (CJEU C-579/21)."""
    _require_privacy_officer(
        request, event_type=EventType.VIEW, purpose=Purpose.DATA_SUBJECT_REQUEST
    )
    form = SubjectReportForm(request.POST if request.method == "POST" else None)
    groups = None
    if form.is_bound and form.is_valid():
        person = form.person()
        _log_own_use(
            request,
            event_type=EventType.VIEW,
            purpose=Purpose.DATA_SUBJECT_REQUEST,
            person=person,
        )
        entries = subject_report_entries(user=request.user, filters=form.filters())
        groups = subject_report_groups(entries.only(*REPORT_COLUMNS))
    context = {
        "form": form,
        "groups": groups,
        "summary": error_summary(form),
        "veiligheidshuis": request.user.veiligheidshuis,
        "generated_at": timezone.now(),
    }
    return render(request, "access_log/report.html", context)
