"""Reads of registrations. Visibility is decided here, once; every view starts from it."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Model, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from zvh.accounts.roles import STAFF_ROLES, RoleCode
from zvh.network.enums import Outcome

from .models import ON_BEHALF_CHANNELS, Person, Registration, Relation
from .status import Status

#: A draft the meldpunt records on a partner's behalf (phone call, e-mail).
MELDPUNT_DRAFT = Q(status=Status.DRAFT, channel__in=ON_BEHALF_CHANNELS)


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Registrants see their own organisation's registrations; Veiligheidshuis staff who work on
    cases (screeners, procesregisseurs) see their own Veiligheidshuis's submitted registrations;
    everyone else (managers, functional administrators, privacy officers) sees none.

    A partner's own drafts are visible to their own organisation only, never to the meldpunt.
    A draft the meldpunt records on a partner's behalf (phone, e-mail) is the other way round:
    visible to the screeners of its Veiligheidshuis only, and to the partner once submitted.
    """
    if not user.is_authenticated or not user.is_active:
        return Registration.objects.none()
    roles = user.role_codes
    visible = Registration.objects.none()
    if RoleCode.REGISTRANT in roles and user.organisation_id is not None:
        visible = visible | Registration.objects.filter(
            registrant_organisation_id=user.organisation_id
        ).exclude(MELDPUNT_DRAFT)
    case_roles = {RoleCode.SCREENER, RoleCode.PROCESREGISSEUR} & roles & STAFF_ROLES
    vh = user.veiligheidshuis
    if case_roles and vh is not None:
        visible = visible | Registration.objects.filter(veiligheidshuis=vh).exclude(
            status=Status.DRAFT
        )
    if RoleCode.SCREENER in roles and vh is not None:
        visible = visible | Registration.objects.filter(MELDPUNT_DRAFT, veiligheidshuis=vh)
    return visible


def registrations_for_registrant(user) -> QuerySet[Registration]:
    """What a registrant may open: their own organisation's registrations, their own drafts
    included, but not the drafts the meldpunt is still completing on their behalf."""
    if not user.is_authenticated or RoleCode.REGISTRANT not in user.role_codes:
        return Registration.objects.none()
    return Registration.objects.filter(registrant_organisation_id=user.organisation_id).exclude(
        MELDPUNT_DRAFT
    )


def registrations_for_meldpunt(user) -> QuerySet[Registration]:
    """What a screener may open: the submitted registrations of their own Veiligheidshuis."""
    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or RoleCode.SCREENER not in user.role_codes:
        return Registration.objects.none()
    return registrations_submitted_to(veiligheidshuis_id=vh.pk)


def meldpunt_drafts(user) -> QuerySet[Registration]:
    """What a screener may complete: the drafts their own Veiligheidshuis's meldpunt records on
    a partner's behalf (phone calls, e-mails)."""
    vh = user.veiligheidshuis if user.is_authenticated else None
    if vh is None or RoleCode.SCREENER not in user.role_codes or not user.is_active:
        return Registration.objects.none()
    return Registration.objects.filter(MELDPUNT_DRAFT, veiligheidshuis=vh)


def registrations_submitted_to(*, veiligheidshuis_id: int) -> QuerySet[Registration]:
    """The submitted registrations (no drafts) of one Veiligheidshuis: what its meldpunt sees.

    For reads that start from a registration already obtained through
    ``registrations_for_meldpunt`` (e.g. "already known" persons): the same Veiligheidshuis's
    submitted registrations are then exactly what the user may see."""
    return Registration.objects.filter(veiligheidshuis_id=veiligheidshuis_id).exclude(
        status=Status.DRAFT
    )


def registration_for_refusal_log(public_id) -> Registration | None:
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


def registrant_list(user) -> QuerySet[Registration]:
    """The registrant's organisation's registrations for the list page, newest first, with what
    the list shows fetched in a constant number of queries."""
    main_persons = Person.objects.filter(relation=Relation.MAIN).select_related("municipality")
    return (
        registrations_for_registrant(user)
        .select_related("veiligheidshuis", "decision")
        .prefetch_related(Prefetch("persons", queryset=main_persons, to_attr="main_persons"))
        .order_by("-created_at", "-pk")
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
        )
        for request in registration.information_requests.order_by("requested_at", "pk")
    ]
