"""Every account uses a second factor: a user who has logged in with a password only gets
nothing but the pages to enrol (first login) or to log out."""

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from two_factor.utils import default_device

#: Pages a password-only session may reach.
OPEN_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "two_factor:login",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:setup_complete",
        # the options script of a security key's enrolment (the setup page loads it)
        "two_factor:two_factor_webauthn:create_credential",
    }
)


class SecondFactorRequiredMiddleware:
    """Authenticated but not verified with a second factor: enrol first (no device yet), or log
    in again (a device exists, so the password step alone is not enough)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._open(request):
            if default_device(user) is None:
                return redirect("two_factor:setup")
            logout(request)
            return redirect("login")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        if request.path.startswith(("/static/", "/api/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in OPEN_URL_NAMES
