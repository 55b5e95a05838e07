"""Who may use the API: an authenticated API client, acting in the role of its service user."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from zvh.accounts.roles import RoleCode

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only a request authenticated by an API client's token (not a browser session)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient)


class IsRegistrantClient(IsApiClient):
    """An API client acting as a registrant of its organisation (403 for a meldpunt client)."""

    message = "Only an API client acting as a registrant may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return (
            super().has_permission(request, view)
            and RoleCode.REGISTRANT in user.role_codes
            and user.organisation_id is not None
        )


class IsScreenerClient(IsApiClient):
    """An API client acting as the meldpunt (screener) of its Veiligheidshuis (403 for a
    registrant client)."""

    message = "Only an API client acting as the meldpunt of a Veiligheidshuis may do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        return (
            super().has_permission(request, view)
            and RoleCode.SCREENER in user.role_codes
            and user.veiligheidshuis is not None
        )
