"""Who may use the API: an authenticated API client, acting in the role of its service user."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from zvh.accounts.permissions import may_register, may_use_api, may_use_meldpunt

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only a request authenticated by an API client's token (not a browser session), whose
    service user is active."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient) and may_use_api(request.user)


class IsRegistrantClient(IsApiClient):
    """An API client acting as a registrant of its organisation (403 for a meldpunt client)."""

    message = "Only an API client acting as a registrant may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and may_register(request.user)


class IsScreenerClient(IsApiClient):
    """An API client acting as the meldpunt (screener) of its Veiligheidshuis (403 for a
    registrant client)."""

    message = "Only an API client acting as the meldpunt of a Veiligheidshuis may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return super().has_permission(request, view) and may_use_meldpunt(request.user)
