"""Who may read the metrics: a monitoring system presenting ``ZVH_METRICS_TOKEN`` as a bearer
token. Not a user decision (no account scrapes), so it lives here; the user-based decision
(who sees the health checks' figures) is ``accounts.permissions.may_see_operational_details``."""

import hmac

from django.conf import settings
from django.http import HttpRequest


def metrics_token() -> str:
    """The configured token; empty means the metrics endpoint does not exist (404)."""
    return settings.ZVH_METRICS_TOKEN or ""


def presents_metrics_token(request: HttpRequest) -> bool:
    """The request carries ``Authorization: Bearer <ZVH_METRICS_TOKEN>`` (compared in constant
    time); always False when no token is configured."""
    expected = metrics_token()
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if not expected or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(presented.strip().encode(), expected.encode())
