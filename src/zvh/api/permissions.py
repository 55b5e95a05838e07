"""Who may use the API: an authenticated API client."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from .models import ApiClient


class IsApiClient(BasePermission):
    """Only a request authenticated by an API client's token (not a browser session)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return isinstance(request.auth, ApiClient)
