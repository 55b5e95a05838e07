"""Reads for the API: which client a token belongs to, and the configuration partners may read."""

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from zvh.network.models import (
    LifeDomain,
    Municipality,
    SelectionCriterion,
    Veiligheidshuis,
)

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
