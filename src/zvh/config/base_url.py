"""The public base URL of zvh: where every generated absolute link (mails, API problem types,
invitations) points.

Rule: ``ZVH_BASE_URL`` when set (production sets it); otherwise the address the development
server listens on, from ``HOST`` and ``PORT`` (the variables ``make run`` passes on), defaulting
to http://127.0.0.1:8000. A wildcard listen address (0.0.0.0, ::) is reached at 127.0.0.1.
"""

from collections.abc import Mapping

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = "8000"
# Compared with, never bound to.
_WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})  # noqa: S104  # nosec B104


def listen_address(environ: Mapping[str, str]) -> tuple[str, str]:
    """The host and port from ``HOST`` and ``PORT`` (defaults 127.0.0.1 and 8000)."""
    host = environ.get("HOST", "").strip() or DEFAULT_HOST
    port = environ.get("PORT", "").strip() or DEFAULT_PORT
    return host, port


def base_url_from(environ: Mapping[str, str]) -> str:
    """``ZVH_BASE_URL`` without a trailing slash, else http://HOST:PORT."""
    explicit = environ.get("ZVH_BASE_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    host, port = listen_address(environ)
    if host in _WILDCARDS:
        host = DEFAULT_HOST
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"
