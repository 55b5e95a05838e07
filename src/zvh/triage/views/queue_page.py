"""The meldpunt's queue: the list (filtered, sorted, every status on request), "assign to me",
and the screener's saved filters."""

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.common.service_errors import add_to_form
from zvh.registrations.access import log_page_read
from zvh.registrations.selectors import registrations_for_meldpunt

from .. import queue_services, table
from ..queue_forms import QueueFilterForm, SavedFilterForm
from ..selectors import queue_filter_choices, queue_page, saved_filters_of
from .common import assign_as_posted, error_summary, meldpunt_only

# --- the queue ---------------------------------------------------------------------------------


def _screener(request: HttpRequest) -> User:
    """The logged-in screener (``meldpunt_only`` let no one else through)."""
    return cast(User, request.user)


def _filter_form(request: HttpRequest, query: QueryDict) -> QueueFilterForm:
    veiligheidshuis = _screener(request).veiligheidshuis
    if veiligheidshuis is None:
        raise PermissionDenied
    choices = queue_filter_choices(veiligheidshuis=veiligheidshuis)
    return QueueFilterForm(query or None, choices=choices)


def _render_queue(
    request: HttpRequest,
    query: QueryDict,
    *,
    saved_form: SavedFilterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    now = timezone.now()
    user = _screener(request)
    form = _filter_form(request, query)
    filters = form.filters(page=query.get("page"))
    result, drafts = queue_page(user=user, filters=filters, now=now)
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
    current = query.copy()
    current.pop("page", None)
    filter_query = form.query()
    if saved_form is None:
        saved_form = SavedFilterForm(initial={"query": filter_query})
    return render(
        request,
        "triage/queue.html",
        {
            "form": form,
            "filters": filters,
            "queue": result,
            "drafts": drafts,
            "saved_filters": list(saved_filters_of(user)),
            "saved_form": saved_form,
            "filter_query": filter_query,
            "tables": {
                "rows": table.queue_cells(result.rows, user_id=user.pk),
                "drafts": table.draft_cells(drafts.rows),
                "overdue": table.overview_items(result.overdue),
                "due_soon": table.overview_items(result.due_soon),
                "sort": table.sort_headers(current, current=filters.sort),
            },
            "query": current.urlencode(),
            "summary": [*error_summary(form), *error_summary(saved_form)],
        },
        status=status,
    )


@require_GET
@meldpunt_only(event_type=EventType.SEARCH)
def queue(request: HttpRequest) -> HttpResponse:
    return _render_queue(request, request.GET)


def _back_to_queue(query: str) -> HttpResponse:
    """To the queue with the filters of ``query`` (re-checked there: only a query string on
    the queue's own path, so never somewhere else)."""
    url = reverse("triage:queue")
    return redirect(f"{url}?{QueryDict(query).urlencode()}" if query else url)


# --- assign to me ------------------------------------------------------------------------------


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def assign(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Assign the registration to the screener who asks ("assign to me"), or, with
    ``to=nobody``, take its assignment away; back to the queue as it was filtered."""
    user = _screener(request)
    registration = get_object_or_404(registrations_for_meldpunt(user), public_id=public_id)
    assign_as_posted(request, registration)
    return _back_to_queue(request.POST.get("query", ""))


# --- saved filters -----------------------------------------------------------------------------


@require_POST
@meldpunt_only(event_type=EventType.UPDATE)
def save_filter(request: HttpRequest) -> HttpResponse:
    """Save the queue's current filter and order under a name; a refusal shows the queue again
    with the name as typed and the error."""
    saved_form = SavedFilterForm(request.POST)
    saved_form.is_valid()
    query = QueryDict(saved_form.cleaned_data.get("query") or "")
    filter_query = _filter_form(request, query).query()
    try:
        queue_services.saved_filter_create(
            user=_screener(request),
            name=saved_form.cleaned_data.get("name") or "",
            query=filter_query,
            now=timezone.now(),
        )
    except ValidationError as error:
        add_to_form(saved_form, error)
        return _render_queue(request, query, saved_form=saved_form, status=400)
    messages.success(request, _("The filter was saved."))
    return _back_to_queue(filter_query)


@require_POST
@meldpunt_only(event_type=EventType.DELETE)
def delete_filter(request: HttpRequest, pk: int) -> HttpResponse:
    user = _screener(request)
    saved = get_object_or_404(saved_filters_of(user), pk=pk)
    queue_services.saved_filter_delete(saved_filter=saved, by=user)
    messages.success(request, _("The saved filter “%(name)s” was deleted.") % {"name": saved.name})
    return redirect("triage:queue")
