"""Deployment checks for what replaces a Django default.

Django's own ``security.W003`` looks for ``django.middleware.csrf.CsrfViewMiddleware`` by name, so
it cannot see zvh's subclass (``zvh.common.csrf``) and is silenced in the settings; these checks
take its place, and that of ``security.W016`` (a Secure CSRF cookie), which Django skips when it
does not see its middleware.
"""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

CSRF_MIDDLEWARE = "zvh.common.csrf.CsrfViewMiddleware"

W001 = Warning(
    f"'{CSRF_MIDDLEWARE}' is not in MIDDLEWARE: forms are not protected against CSRF.",
    id="zvh.W001",
)
W002 = Warning(
    "CSRF_COOKIE_SECURE is not True: the CSRF cookie would also travel over plain HTTP.",
    id="zvh.W002",
)


@register(Tags.security, deploy=True)
def check_csrf(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if CSRF_MIDDLEWARE not in settings.MIDDLEWARE:
        return [W001]
    if not settings.CSRF_USE_SESSIONS and settings.CSRF_COOKIE_SECURE is not True:
        return [W002]
    return []


@register(Tags.security)
def check_trusted_proxies(app_configs: Any, **kwargs: Any) -> list[Error]:
    """``ZVH_TRUSTED_PROXIES`` must be addresses or CIDR ranges (zvh.common.client_address)."""
    from .client_address import trusted_networks

    try:
        trusted_networks(tuple(settings.ZVH_TRUSTED_PROXIES))
    except ImproperlyConfigured as error:
        return [Error(str(error), id="zvh.E001")]
    return []
