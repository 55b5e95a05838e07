"""One registration in full, as the meldpunt's detail page shows it."""

import uuid
from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from zvh.accounts.models import User
from zvh.network.enums import Outcome
from zvh.registrations.models import Attachment, InvolvedPartner, Person, Registration, StatusChange
from zvh.registrations.selectors import registrations_for_meldpunt
from zvh.registrations.status import DECIDED_STATUSES

from ..models import Assignment, Decision, InformationRequest, ScreeningAnswer

#: What many registrations do not have (a registration is often shown before any screening,
#: request, attachment or decision): the registration's own query tells which exist, and only
#: those are read. Each with the queryset it is read with.
_OPTIONAL_PARTS: dict[str, Callable[[], QuerySet[Any]]] = {
    "involved_partners": lambda: InvolvedPartner.objects.all(),
    "attachments": lambda: Attachment.objects.all(),
    "screening_answers": lambda: ScreeningAnswer.objects.select_related("criterion"),
    "information_requests": lambda: InformationRequest.objects.all(),
    "decision": lambda: Decision.objects.select_related(
        "receiving_organisation", "procesregisseur", "decided_by"
    ),
    # who works on it ("assign to me" on the page): read with the assignee's name
    "assignment": lambda: Assignment.objects.select_related("assignee"),
}


def meldpunt_registration(*, user: User, public_id: uuid.UUID) -> Registration:
    """One registration of the screener's own Veiligheidshuis, with everything the detail page
    shows; 404 for anything else (another Veiligheidshuis's, a draft, unknown).

    A constant number of queries, fewer when there is less to show: the parts in
    ``_OPTIONAL_PARTS`` are only read when they exist, the criteria only while the registration
    can still be screened (a decided one shows its answers), a consultation's partners only for
    a consultation."""
    queryset = (
        registrations_for_meldpunt(user)
        # few joins: with the decision's four, planning the query took PostgreSQL 2-3 ms
        .select_related("veiligheidshuis", "recorded_by", "registrant_organisation", "target_group")
        .annotate(
            **{
                f"has_{name}": Exists(part().filter(registration=OuterRef("pk")))
                for name, part in _OPTIONAL_PARTS.items()
            }
        )
    )
    registration = get_object_or_404(queryset, public_id=public_id)
    lookups: list[str | Prefetch[str, QuerySet[Any], str]] = [
        Prefetch("persons", queryset=Person.objects.select_related("municipality")),
        "life_domains",
        Prefetch("history", queryset=StatusChange.objects.select_related("by")),
    ]
    for name, part in _OPTIONAL_PARTS.items():
        # a part known to be missing is read as empty without a query (an empty queryset is
        # never sent to the database): ``.all()`` is then empty and a missing one-to-one None
        found = getattr(registration, f"has_{name}")
        lookups.append(Prefetch(name, queryset=part() if found else part().none()))
    if registration.status not in DECIDED_STATUSES:
        lookups.append("veiligheidshuis__criteria")
    prefetch_related_objects([registration], *lookups)
    decision = getattr(registration, "decision", None)
    if decision is not None and decision.outcome == Outcome.CONSULTATION_AGENDA:
        prefetch_related_objects([decision], "consultation_partners")
    return registration
