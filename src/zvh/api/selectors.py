"""Reads for the API: which client a token belongs to, and the configuration partners may read."""

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, QuerySet

from zvh.network.models import (
    LifeDomain,
    Municipality,
    SelectionCriterion,
    Veiligheidshuis,
)
from zvh.registrations.models import Person, Registration, Relation
from zvh.registrations.selectors import registrations_for_registrant

from .models import ApiClient
from .tokens import prefix_of, token_matches


class TokenRefusedError(Exception):
    """Why a token does not authenticate; ``reason`` is safe to show to the caller."""

    def __init__(self, *, reason: str) -> None:  # "invalid", "expired" or "revoked"
        super().__init__(reason)
        self.reason = reason


def api_client_for_token(*, token: str, now: datetime) -> ApiClient:
    """The client a token belongs to, if it may act now.

    A token authenticates only if its hash matches (compared in constant time), the client is not
    revoked, has not expired, and its service user is active. Raises ``TokenRefusedError``
    otherwise; "expired" and "revoked" are told only to the holder of the genuine token.
    """
    prefix = prefix_of(token)
    client = (
        ApiClient.objects.select_related("user", "organisation").filter(prefix=prefix).first()
        if prefix
        else None
    )
    if client is None or not token_matches(token, client.token_hash):
        raise TokenRefusedError(reason="invalid")
    if client.revoked_at is not None or not client.user.is_active:
        raise TokenRefusedError(reason="revoked")
    if client.expires_at <= now:
        raise TokenRefusedError(reason="expired")
    if client.user.organisation_id == client.organisation_id:
        # The service user acts for the client's organisation (the access log reads it): the
        # row already fetched, not a query of its own on every request.
        client.user.organisation = client.organisation
    return client


def veiligheidshuizen_for_api() -> QuerySet[Veiligheidshuis]:
    """Every Veiligheidshuis with its criteria and life domains, ordered by the unique code."""
    return Veiligheidshuis.objects.prefetch_related(
        Prefetch("criteria", queryset=SelectionCriterion.objects.order_by("position")),
        Prefetch("life_domains", queryset=LifeDomain.objects.order_by("position")),
    ).order_by("code")


def municipalities_for_api(
    *, veiligheidshuis_code: str | None = None, served: bool | None = None
) -> QuerySet[Municipality]:
    """Municipalities ordered by name and then the unique CBS code, optionally only those served
    by one Veiligheidshuis (by its code) or only the (un)served ones."""
    queryset = Municipality.objects.select_related("veiligheidshuis").order_by("name", "cbs_code")
    if veiligheidshuis_code is not None:
        queryset = queryset.filter(veiligheidshuis__code=veiligheidshuis_code.upper())
    if served is not None:
        queryset = queryset.filter(veiligheidshuis__isnull=not served)
    return queryset


def life_domains_of(*, veiligheidshuis: Veiligheidshuis) -> QuerySet[LifeDomain]:
    """A Veiligheidshuis's life domains in their configured order (position is unique per house)."""
    return LifeDomain.objects.filter(veiligheidshuis=veiligheidshuis).order_by("position")


#: What a row of the registrant's list shows (``RegistrationSummarySerializer``, its outcome
#: included) and what its access-log entry names; nothing else is read.
LIST_COLUMNS = (
    "public_id",
    "reference",
    "status",
    "veiligheidshuis__code",
    "created_at",
    "received_at",
    "deadline_at",
    "version",
    "decision__outcome",
    "decision__decided_at",
    "decision__message_to_registrant",
    "decision__advice",
    "decision__receiving_organisation_name",
    "decision__consultation_date",
    "decision__receiving_organisation__name",
)
#: What the access log keys a main person by (``LoggedPerson.of``).
LOGGED_PERSON_COLUMNS = (
    "registration",
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "bsn",
)


def registrations_for_api_list(user: Any) -> QuerySet[Registration]:
    """The API client's list: the registrations its service user may open
    (``registrations_for_registrant``), newest first (``created_at``, then the unique pk), each
    with its main persons (``main_persons``, for the access log) in a constant number of
    queries, reading only the columns the list returns and logs."""
    main_persons = Person.objects.filter(relation=Relation.MAIN).only(*LOGGED_PERSON_COLUMNS)
    return (
        registrations_for_registrant(user)
        .select_related("veiligheidshuis", "decision__receiving_organisation")
        .only(*LIST_COLUMNS)
        .prefetch_related(Prefetch("persons", queryset=main_persons, to_attr="main_persons"))
        .order_by("-created_at", "-pk")
    )
