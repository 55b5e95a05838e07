"""Lockout after repeated failed logins (django-axes), tuned for a closed network.

Rules (issue 5, point 2; issue 17, point 1):
- 5 failures lock the account name whatever the address or browser, for 15 minutes, doubling
  with each further series of 5, at most 24 hours. A successful login clears the failures of its
  own account only (never those of other names tried from the same address).
- An address is never locked (behind a NAT or proxy it is many people's): after
  ``ZVH_LOGIN_ADDRESS_FREE_FAILURES`` failures from it within the lockout's window, every login
  answer to it waits, doubling from ``ZVH_LOGIN_ADDRESS_DELAY_SECONDS`` up to
  ``ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS``. A correct login from there still succeeds. The
  address is the one ``zvh.common.client_address`` gives (trusted proxies).
- Nothing tells whether an account exists: an unknown name, a known name with a wrong password,
  a disabled account and a locked name (known or not) each get the same answer for their case,
  and every attempt hashes the password exactly once (Django's ModelBackend hashes for unknown
  names too; ``LockoutBackend`` does it for locked ones), so the time an answer takes does not
  tell either.
"""

from datetime import timedelta
from time import sleep
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from zvh.common.client_address import client_address

BASE_COOL_OFF = timedelta(minutes=15)
MAX_COOL_OFF = timedelta(hours=24)


def cool_off(request: HttpRequest | None) -> timedelta:
    """15 minutes after 5 failures, doubling with every further 5 (30, 60, …), at most 24 hours."""
    failures = getattr(request, "axes_failures_since_start", 0) or 0
    series = max(0, (failures - settings.AXES_FAILURE_LIMIT) // settings.AXES_FAILURE_LIMIT)
    return min(BASE_COOL_OFF * (2 ** min(series, 16)), MAX_COOL_OFF)


def address_delay(failures: int) -> float:
    """Seconds every login answer to an address waits, given its recent failures: none up to
    the free number, then the base, doubling with each further failure, at most the cap."""
    excess = failures - settings.ZVH_LOGIN_ADDRESS_FREE_FAILURES
    if excess <= 0:
        return 0.0
    base = settings.ZVH_LOGIN_ADDRESS_DELAY_SECONDS
    return min(base * 2 ** min(excess - 1, 16), settings.ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS)


def address_failures(address: str) -> int:
    """Failed logins from an address, for any name, within the lockout's base window."""
    if not address:
        return 0
    since = timezone.now() - BASE_COOL_OFF
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def throttle_address(request: HttpRequest) -> None:
    """Slow the answer down when its address has failed too often (the same wait whatever the
    name, password or lock, so it tells nothing about the account)."""
    delay = address_delay(address_failures(client_address(request)))
    if delay:
        sleep(delay)


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
    attempt costs the same time as any other. Every attempt first waits out its address's
    delay, if any."""

    def authenticate(
        self,
        request: HttpRequest,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is not None:
            throttle_address(request)
        try:
            return super().authenticate(request, username=username, password=password, **kwargs)
        except AxesBackendPermissionDenied:
            make_password(password or "")
            raise
