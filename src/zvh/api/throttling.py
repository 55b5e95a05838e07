"""Rate limiting per API client, and per client address (zvh.common.client_address)."""

from typing import Any

from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from zvh.common.client_address import client_address

from .models import ApiClient


class _SettingsRateThrottle(SimpleRateThrottle):
    """Reads its rate at request time, so a changed setting (or a test's override) takes
    effect; an address is always the one zvh.common.client_address gives (trusted proxies)."""

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request: Request) -> str:
        return client_address(request)


class ApiClientRateThrottle(_SettingsRateThrottle):
    """Counts requests per API client (not per address) against ``ZVH_API_RATE``.

    The counters live in Django's default cache: per process with the default local-memory
    cache, shared between processes once production configures a shared cache.
    """

    scope = "api_client"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiClient):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiAddressRateThrottle(_SettingsRateThrottle):
    """Counts requests per client address against ``ZVH_API_ADDRESS_RATE``, whatever the
    token: one machine cannot flood the API by holding several clients' tokens. Behind our own
    reverse proxy the address is the client's, not the proxy's (``ZVH_TRUSTED_PROXIES``)."""

    scope = "api_address"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        address = self.get_ident(request)
        if not address:
            return None
        return self.cache_format % {"scope": self.scope, "ident": address}
