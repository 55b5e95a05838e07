"""Reads of the meldpunt and the procesregisseur, one module per page or question: the reply
deadline as shown (``deadlines``), the queue (``queue``), what the forms offer (``choices``), one
registration in full (``detail``), "already known" persons (``known``), the prioritised cases
(``casework``).

Every read starts from ``registrations_for_meldpunt(user)`` (or, for the procesregisseur,
``registrations_for_procesregisseur(user)``): a screener sees the submitted registrations of
their own Veiligheidshuis and nothing else. The public names are importable from here too.
"""

from .casework import (
    procesregisseur_cases,
    procesregisseur_registration,
    registrations_for_procesregisseur,
)
from .choices import (
    FilterChoices,
    partner_organisations,
    partner_registrants,
    procesregisseurs,
    queue_filter_choices,
)
from .deadlines import DUE_SOON_WORKING_DAYS, DeadlineState, deadline_state, due_soon_cutoff
from .detail import meldpunt_registration
from .known import SIMILAR_RATIO, KnownMatch, KnownPerson, known_persons, surnames_match
from .queue import (
    DEFAULT_SORT,
    DRAFTS_SHOWN,
    PAGE_SIZE,
    SIMILAR_MIN_LENGTH,
    SIMILAR_SURNAME,
    SORTS,
    SUBMITTED_STATUSES,
    Assigned,
    DraftsToComplete,
    Queue,
    QueueFilters,
    QueueRow,
    drafts_to_complete,
    meldpunt_queue,
    open_registrations,
    queue_page,
    saved_filters_of,
    search_filter,
    with_people,
)

__all__ = [
    "DEFAULT_SORT",
    "DRAFTS_SHOWN",
    "DUE_SOON_WORKING_DAYS",
    "PAGE_SIZE",
    "SIMILAR_MIN_LENGTH",
    "SIMILAR_RATIO",
    "SIMILAR_SURNAME",
    "SORTS",
    "SUBMITTED_STATUSES",
    "Assigned",
    "DeadlineState",
    "DraftsToComplete",
    "FilterChoices",
    "KnownMatch",
    "KnownPerson",
    "Queue",
    "QueueFilters",
    "QueueRow",
    "deadline_state",
    "drafts_to_complete",
    "due_soon_cutoff",
    "known_persons",
    "meldpunt_queue",
    "meldpunt_registration",
    "open_registrations",
    "partner_organisations",
    "partner_registrants",
    "procesregisseur_cases",
    "procesregisseur_registration",
    "procesregisseurs",
    "queue_filter_choices",
    "queue_page",
    "registrations_for_procesregisseur",
    "saved_filters_of",
    "search_filter",
    "surnames_match",
    "with_people",
]
