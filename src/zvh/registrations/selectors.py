"""Reads of registrations. Visibility is decided here, once; every view starts from it."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from zvh.accounts.permissions import may_register, staff_veiligheidshuis_id
from zvh.accounts.roles import RoleCode
from zvh.network.enums import Outcome

from .models import ON_BEHALF_CHANNELS, Person, Registration, Relation
from .status import Status

#: A draft the meldpunt records on a partner's behalf (phone call, e-mail).
MELDPUNT_DRAFT = Q(status=Status.DRAFT, channel__in=ON_BEHALF_CHANNELS)


def registrations_visible_to(user: Any) -> QuerySet[Registration]:
    """Registrants see their own organisation's registrations; Veiligheidshuis staff who work on
    cases (screeners, procesregisseurs) see their own Veiligheidshuis's submitted registrations;
    everyone else (managers, functional administrators, privacy officers) sees none.

    A partner's own drafts are visible to their own organisation only, never to the meldpunt.
    A draft the meldpunt records on a partner's behalf (phone, e-mail) is the other way round:
    visible to the screeners of its Veiligheidshuis only, and to the partner once submitted.
    """
    visible = registrations_for_registrant(user)
    screening = staff_veiligheidshuis_id(user, RoleCode.SCREENER)
    directing = staff_veiligheidshuis_id(user, RoleCode.PROCESREGISSEUR)
    for vh_id in {vh_id for vh_id in (screening, directing) if vh_id is not None}:
        visible = visible | registrations_submitted_to(veiligheidshuis_id=vh_id)
    if screening is not None:
        visible = visible | Registration.objects.filter(
            MELDPUNT_DRAFT, veiligheidshuis_id=screening
        )
    return visible


def registrations_for_registrant(user: Any) -> QuerySet[Registration]:
    """What a registrant may open: their own organisation's registrations, their own drafts
    included, but not the drafts the meldpunt is still completing on their behalf."""
    if not may_register(user):
        return Registration.objects.none()
    return Registration.objects.filter(registrant_organisation_id=user.organisation_id).exclude(
        MELDPUNT_DRAFT
    )


def registrations_for_meldpunt(user: Any) -> QuerySet[Registration]:
    """What a screener may open: the submitted registrations of their own Veiligheidshuis."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.SCREENER)
    if vh_id is None:
        return Registration.objects.none()
    return registrations_submitted_to(veiligheidshuis_id=vh_id)


def meldpunt_drafts(user: Any) -> QuerySet[Registration]:
    """What a screener may complete: the drafts their own Veiligheidshuis's meldpunt records on
    a partner's behalf (phone calls, e-mails)."""
    vh_id = staff_veiligheidshuis_id(user, RoleCode.SCREENER)
    if vh_id is None:
        return Registration.objects.none()
    return Registration.objects.filter(MELDPUNT_DRAFT, veiligheidshuis_id=vh_id)


def registrations_submitted_to(*, veiligheidshuis_id: int) -> QuerySet[Registration]:
    """The submitted registrations (no drafts) of one Veiligheidshuis: what its meldpunt sees.

    For reads that start from a registration already obtained through
    ``registrations_for_meldpunt`` (e.g. "already known" persons): the same Veiligheidshuis's
    submitted registrations are then exactly what the user may see."""
    return Registration.objects.filter(veiligheidshuis_id=veiligheidshuis_id).exclude(
        status=Status.DRAFT
    )


def registration_for_refusal_log(public_id: uuid.UUID) -> Registration | None:
    """The registration a refused request named, whoever may see it, or None.

    The one read outside the visibility selectors: it only names the registration (and its
    persons, as keys) in the access log entry of the refusal. Never show it or act on it.
    """
    return (
        Registration.objects.filter(public_id=public_id)
        .only("pk", "public_id", "reference", "veiligheidshuis_id")
        .first()
    )


# --- the registrant's pages ---------------------------------------------------------------------


def registrant_list(user: Any, *, search: str = "") -> QuerySet[Registration]:
    """The registrant's organisation's registrations for the list page, newest first, with what
    the list shows fetched in a constant number of queries.

    ``search`` (issue 14) narrows it to registrations whose reference contains it, or one of
    whose persons' given names or surname does (case-insensitive); it is a filter in the same
    query, so the number of queries stays the same."""
    main_persons = Person.objects.filter(relation=Relation.MAIN).select_related("municipality")
    registrations = registrations_for_registrant(user)
    search = " ".join(search.split())
    if search:
        named = Person.objects.filter(registration=OuterRef("pk")).filter(
            Q(given_names__icontains=search) | Q(surname__icontains=search)
        )
        registrations = registrations.filter(Q(reference__icontains=search) | Exists(named))
    return (
        registrations.select_related("veiligheidshuis", "decision")
        .prefetch_related(Prefetch("persons", queryset=main_persons, to_attr="main_persons"))
        .order_by("-created_at", "-pk")
    )


def registrant_waiting(user: Any) -> QuerySet[Registration]:
    """The registrant's organisation's registrations waiting for an answer to a question of the
    meldpunt (their clock stands still until then), longest waiting first (issue 14)."""
    return (
        registrations_for_registrant(user)
        .filter(status=Status.WAITING_FOR_INFORMATION)
        .select_related("veiligheidshuis")
        .order_by("waiting_since", "pk")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrantOutcome:
    """The part of a decision meant for the registrant: the outcome, the message to them, and the
    outcome's own registrant-facing data. Never the internal motivation or screening answers."""

    outcome: str
    label: str
    decided_at: datetime
    message: str
    advice: str
    receiving_organisation: str
    consultation_date: date | None


def registrant_outcome(registration: Registration) -> RegistrantOutcome | None:
    """The outcome as the registrant may see it, once decided (None before; a closed case
    stays decided to them)."""
    if not registration.is_decided:
        return None
    decision = getattr(registration, "decision", None)
    if decision is None:
        return None
    receiving = decision.receiving_organisation_name
    if not receiving and decision.receiving_organisation_id is not None:
        receiving = decision.receiving_organisation.name
    return RegistrantOutcome(
        outcome=decision.outcome,
        label=str(Outcome(decision.outcome).label),
        decided_at=decision.decided_at,
        message=decision.message_to_registrant,
        advice=decision.advice,
        receiving_organisation=receiving,
        consultation_date=decision.consultation_date,
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrantQuestion:
    """A request for information as the registrant sees it: the question and their answer."""

    id: int
    question: str
    requested_at: datetime
    answer: str
    answered_at: datetime | None
    #: The files sent with the answer (issue 14).
    attachments: tuple[Any, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


def registrant_information_request(*, registration: Registration, request_id: int) -> Model:
    """One of the meldpunt's requests (triage's ``InformationRequest``) on a registration the
    registrant may open (get it from ``registrations_for_registrant``), or 404."""
    return get_object_or_404(registration.information_requests, pk=request_id)


def registrant_questions(registration: Registration) -> list[RegistrantQuestion]:
    """The meldpunt's requests for information on this registration, oldest first."""
    return [
        RegistrantQuestion(
            id=request.pk,
            question=request.question,
            requested_at=request.requested_at,
            answer=request.answer,
            answered_at=request.answered_at,
            attachments=tuple(request.attachments.all()),
        )
        for request in registration.information_requests.order_by(
            "requested_at", "pk"
        ).prefetch_related("attachments")
    ]
