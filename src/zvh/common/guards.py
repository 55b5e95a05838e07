"""The one page guard (issue 15): log in first, then a permission predicate decides, and every
refusal the page answers is reported before it is answered.

Each app logs its refusals its own way (naming the registration, the mail or the request the URL
names), so the guard takes that as ``on_refusal``; what it decides is the same everywhere.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse


class OnRefusal(Protocol):
    def __call__(self, request: HttpRequest, public_id: Any, *, forbidden: bool) -> None: ...


def guard(
    *, allowed: Callable[[Any], bool], on_refusal: OnRefusal
) -> Callable[[Callable], Callable]:
    """A page decorator: log in first; then only users for whom ``allowed(user)`` holds pass
    (403 for everyone else). Every 403 and 404 the page answers (also from the view or its
    services) goes to ``on_refusal(request, public_id, forbidden=...)`` first, with the
    ``public_id`` the URL names (None if it names none)."""

    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if not allowed(request.user):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            except (PermissionDenied, Http404) as refusal:
                on_refusal(
                    request,
                    kwargs.get("public_id"),
                    forbidden=isinstance(refusal, PermissionDenied),
                )
                raise

        return wrapper

    return decorate
