"""The meldpunt's queue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from zvh.access_log.enums import EventType, Purpose
from zvh.registrations.access import log_page_read

from .. import table
from ..queue_forms import QueueFilterForm
from ..selectors import (
    drafts_to_complete,
    meldpunt_queue,
    queue_filter_choices,
)
from .common import error_summary, meldpunt_only

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
