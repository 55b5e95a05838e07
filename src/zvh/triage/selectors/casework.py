"""The procesregisseur's prioritised cases (``/regie/``)."""

import uuid

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from zvh.accounts.models import User
from zvh.accounts.permissions import staff_veiligheidshuis_id
from zvh.accounts.roles import RoleCode
from zvh.casework.models import CaseStatus
from zvh.network.enums import Outcome
from zvh.registrations.models import Person, Registration, StatusChange
from zvh.registrations.selectors import registrations_submitted_to
from zvh.registrations.status import DECIDED_STATUSES

from .queue import PAGE_SIZE, with_people


def registrations_for_procesregisseur(user: User) -> QuerySet[Registration]:
    """What a procesregisseur may open: the registrations of their own Veiligheidshuis decided
    with the outcome "prioritise for the integrated approach". Need to know: not the queue, not
    the other outcomes, not drafts, not another Veiligheidshuis's cases."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.PROCESREGISSEUR)
    if vh_id is None:
        return Registration.objects.none()
    return registrations_submitted_to(veiligheidshuis_id=vh_id).filter(
        status__in=DECIDED_STATUSES, decision__outcome=Outcome.INTEGRATED_APPROACH
    )


def procesregisseur_cases(
    *, user: User, mine_only: bool, page: int | str | None, closed: bool | None = None
) -> Page[Registration]:
    """One page of the procesregisseur's prioritised cases, the newest decision first;
    ``mine_only`` keeps those the decision assigned to the user, ``closed`` the closed (True) or
    the running (False) ones (None: both). The number of queries does not depend on the number
    of cases."""
    cases = registrations_for_procesregisseur(user)
    if mine_only:
        cases = cases.filter(decision__procesregisseur=user)
    if closed is not None:
        # closed is the case's (the registration's CLOSED status follows it)
        cases = (
            cases.filter(case_link__case__status=CaseStatus.CLOSED)
            if closed
            else cases.exclude(case_link__case__status=CaseStatus.CLOSED)
        )
    cases = with_people(cases).select_related("decision__procesregisseur", "case_link__case")
    return Paginator(cases.order_by("-decided_at", "-pk"), PAGE_SIZE).get_page(page)


def procesregisseur_registration(*, user: User, public_id: uuid.UUID) -> Registration:
    """One prioritised case of the procesregisseur's own Veiligheidshuis, with everything its
    page shows; 404 for anything else (another outcome, still open, another Veiligheidshuis's)."""
    queryset = (
        registrations_for_procesregisseur(user)
        .select_related(
            "veiligheidshuis",
            "registrant_organisation",
            "target_group",
            "decision__procesregisseur",
            "decision__decided_by",
        )
        .prefetch_related(
            Prefetch("persons", queryset=Person.objects.select_related("municipality")),
            "involved_partners",
            "attachments",
            "life_domains",
            "screening_answers__criterion",
            "information_requests",
            Prefetch("history", queryset=StatusChange.objects.select_related("by")),
        )
    )
    return get_object_or_404(queryset, public_id=public_id)
