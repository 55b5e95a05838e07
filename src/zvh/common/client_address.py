"""The network address a request came from: one answer for the lockout, the rate limits (login
form and API) and the access log alike.

Rule: ``X-Forwarded-For`` is believed only from a reverse proxy of our own, i.e. when the
connection comes from an address in ``settings.ZVH_TRUSTED_PROXIES`` (addresses or CIDR ranges,
from the environment, empty by default). Then the header is read from the right, past every
trusted proxy, and the first address that is not one of ours is the client's; entries further
left are whatever the client claimed. From any other address the header is ignored. The header
is parsed by django-ipware (python-ipware): IPv6, ports, IPv4-mapped addresses.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from ipware import get_client_ip
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies as networks (a single address is a /32 or /128)."""
    try:
        return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"ZVH_TRUSTED_PROXIES: {error}") from None


def _trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address, normalised (``2001:db8::1``); empty when there is none."""
    remote = parse_ip(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    networks = trusted_networks(tuple(getattr(settings, "ZVH_TRUSTED_PROXIES", ())))
    if not _trusted(remote, networks):
        return str(remote)
    chain = split_proxy_chain(request.META.get(FORWARDED_FOR, ""), strict=False) or []
    proxies = 0
    for hop in reversed(chain):
        if not _trusted(hop, networks):
            break
        proxies += 1
    if not chain:
        return str(remote)
    if proxies == len(chain):  # every hop one of ours: the leftmost is where the request began
        return str(chain[0])
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=proxies,
        request_header_order=[FORWARDED_FOR],
        strict=False,
    )
    return address or str(remote)


def axes_client_address(request: HttpRequest) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the same address, or None when there is none."""
    return client_address(request) or None
