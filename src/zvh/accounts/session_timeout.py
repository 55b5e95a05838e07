"""The session timeout warning (GOV.UK/HMRC timeout pattern; WCAG 2.2.1 Timing Adjustable).

A session ends after ``SESSION_COOKIE_AGE`` seconds without a request, and after
``ZVH_SESSION_ABSOLUTE_SECONDS`` since login however active (``common.middleware``). Every page
of a logged-in user carries a dialog (``{% session_timeout %}``) that the static script
``zvh/js/session_timeout.js`` opens ``ZVH_SESSION_WARNING_SECONDS`` before the idle limit, with
a countdown and a "stay logged in" button that posts to ``session_keep_alive``. When the time is
up the script first lets the page save what was typed (a draft's autosave), then logs out and
opens the login page with the current page as ``next``: after logging in again the user is back
where they were. Without JavaScript there is no warning, and nothing else changes.
"""

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from zvh.common.middleware import AUTHENTICATED_AT

from .permissions import ensure, may_keep_session_alive


def seconds_left(session: SessionBase, *, now: float | None = None) -> int:
    """Seconds until the session ends if no further request comes: the idle limit, or what is
    left of the absolute lifetime when that is sooner."""
    now = time.time() if now is None else now
    left = float(settings.SESSION_COOKIE_AGE)
    started = session.get(AUTHENTICATED_AT)
    if started:
        left = min(left, settings.ZVH_SESSION_ABSOLUTE_SECONDS - (now - float(started)))
    return max(0, int(left))


def absolute_end(session: SessionBase) -> float | None:
    """When the session ends however active it is (seconds since the epoch), if known."""
    started = session.get(AUTHENTICATED_AT)
    return float(started) + settings.ZVH_SESSION_ABSOLUTE_SECONDS if started else None


@require_POST
@login_required
def session_keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay logged in": this request itself renews the idle time (the session is saved on every
    request); the answer says how long the session now lasts."""
    ensure(may_keep_session_alive(request.user))
    request.session.modified = True
    return JsonResponse({"seconds_left": seconds_left(request.session)})


def dialog_context(request: HttpRequest) -> dict[str, Any]:
    """What the warning dialog needs; empty for a visitor without a (fully verified) session."""
    user = getattr(request, "user", None)
    if not may_keep_session_alive(user):
        return {}
    if hasattr(user, "is_verified") and not user.is_verified():
        return {}
    return {
        "show": True,
        "seconds_left": seconds_left(request.session),
        "idle_seconds": settings.SESSION_COOKIE_AGE,
        "warning_seconds": settings.ZVH_SESSION_WARNING_SECONDS,
        "next": request.get_full_path(),
    }
