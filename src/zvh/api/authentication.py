"""Bearer-token authentication of API clients.

``request.user`` becomes the client's service user (a registrant of its organisation) and
``request.auth`` the ``ApiClient``; views ask ``request.auth.organisation`` which organisation
they act for, and pass ``request.user`` as ``by=`` to the services.
"""

from typing import Any

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from .models import ApiClient
from .selectors import TokenRefusedError, api_client_for_token
from .services import api_client_note_use

REFUSALS = {
    "invalid": "The token is not valid.",
    "expired": "The token has expired; ask your Veiligheidshuis for a new API client.",
    "revoked": "The token has been revoked.",
}


class ApiClientAuthentication(BaseAuthentication):
    """``Authorization: Bearer <token>``; a request without that header is anonymous (and then
    refused with 401 by the permission check), a wrong, expired or revoked token is a 401."""

    keyword = b"bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiClient] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(REFUSALS["invalid"])
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(REFUSALS["invalid"]) from None
        now = timezone.now()
        try:
            client = api_client_for_token(token=token, now=now)
        except TokenRefusedError as refused:
            raise AuthenticationFailed(REFUSALS[refused.reason]) from None
        api_client_note_use(client=client, now=now)
        return client.user, client

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="zvh"'
