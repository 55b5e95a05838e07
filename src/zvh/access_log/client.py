"""The network address a request came from."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, unless ``settings.ZVH_TRUSTED_PROXY_COUNT`` (default 0) says that many
    reverse proxies of our own stand in front: then the address the outermost of them saw, i.e.
    that many places from the right in X-Forwarded-For (entries further left are whatever the
    client claimed). Normalised; empty when there is no valid address."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = int(getattr(settings, "ZVH_TRUSTED_PROXY_COUNT", 0))
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""
