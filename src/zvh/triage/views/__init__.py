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

from .common import SummaryItem, error_summary, meldpunt_only
from .decision_pages import decide, decide_confirm
from .detail_pages import detail, detail_assign, request_information, screening, start_screening
from .queue_page import assign, delete_filter, queue, save_filter

__all__ = [
    "SummaryItem",
    "assign",
    "decide",
    "decide_confirm",
    "delete_filter",
    "detail",
    "detail_assign",
    "error_summary",
    "meldpunt_only",
    "queue",
    "request_information",
    "save_filter",
    "screening",
    "start_screening",
]
