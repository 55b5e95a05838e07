"""Request/response policies that hold for every page."""

from collections.abc import Callable
from datetime import UTC, datetime

import structlog
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

log = structlog.get_logger(__name__)

AUTHENTICATED_AT = "zvh_authenticated_at"


def remember_login_time(*, request: HttpRequest, **_: object) -> None:
    """``user_logged_in`` receiver (connected in ``CommonConfig.ready``): the session's start."""
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


class LanguageMiddleware:
    """Dutch first: the interface is Dutch unless the user chose another language (the language
    cookie set by the language switch). The browser's Accept-Language is not consulted, so a
    screener on an English-configured laptop still gets the Dutch the procedure is written in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
