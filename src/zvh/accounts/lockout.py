"""Lockout after repeated failed logins (django-axes), tuned for a closed network."""

from datetime import timedelta

from django.conf import settings
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
