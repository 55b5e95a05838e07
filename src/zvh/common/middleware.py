"""Request/response policies that hold for every page."""

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

log = structlog.get_logger(__name__)

AUTHENTICATED_AT = "zvh_authenticated_at"


@receiver(user_logged_in)
def _remember_login_time(*, request: HttpRequest, **_: object) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTHENTICATED_AT] = datetime.now(UTC).timestamp()


class NoStoreMiddleware:
    """Pages may hold personal data: no browser or proxy keeps a copy (``Cache-Control:
    no-store``). Static files are served before this middleware and keep their own caching."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response:
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLifetimeMiddleware:
    """A session ends after ``ZVH_SESSION_ABSOLUTE_SECONDS`` since login, however active it is.

    (The idle timeout is Django's own: ``SESSION_COOKIE_AGE`` renewed on every request.)
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(AUTHENTICATED_AT)
            age = datetime.now(UTC).timestamp() - started if started else None
            if age is None or age > settings.ZVH_SESSION_ABSOLUTE_SECONDS:
                log.info("session_expired", user_id=user.pk, reason="absolute_lifetime")
                logout(request)
        return self.get_response(request)
