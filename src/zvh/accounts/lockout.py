"""Lockout after repeated failed logins (django-axes), tuned for a closed network.

Rules (issue 5, point 2):
- 5 failures lock the account name whatever the address or browser (and 5 from one address lock
  that address), for 15 minutes, doubling with each further series of 5, at most 24 hours.
- Nothing tells whether an account exists: an unknown name, a known name with a wrong password,
  a disabled account and a locked name (known or not) each get the same answer for their case,
  and every attempt hashes the password exactly once (Django's ModelBackend hashes for unknown
  names too; ``LockoutBackend`` does it for locked ones), so the time an answer takes does not
  tell either.
"""

from datetime import timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

BASE_COOL_OFF = timedelta(minutes=15)
MAX_COOL_OFF = timedelta(hours=24)


def cool_off(request: HttpRequest | None) -> timedelta:
    """15 minutes after 5 failures, doubling with every further 5 (30, 60, …), at most 24 hours."""
    failures = getattr(request, "axes_failures_since_start", 0) or 0
    series = max(0, (failures - settings.AXES_FAILURE_LIMIT) // settings.AXES_FAILURE_LIMIT)
    return min(BASE_COOL_OFF * (2 ** min(series, 16)), MAX_COOL_OFF)


def username_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """The account name tried: from the credentials, or from the two-step login form."""
    if credentials and credentials.get("username"):
        return credentials["username"]
    return request.POST.get("auth-username") or request.POST.get("username")


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args, **kwargs
) -> HttpResponse:
    """The same page whether or not the account exists: it says only that logging in is paused."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "message": _(
                "Too many failed attempts. Try again later, or ask your functional "
                "administrator for help."
            )
        },
        status=429,
    )


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout check (first in ``AUTHENTICATION_BACKENDS``). A locked attempt stops here,
    before ModelBackend would hash the password: hash it once here instead, so that a locked
    attempt costs the same time as any other."""

    def authenticate(
        self,
        request: HttpRequest,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            make_password(password or "")
            raise
