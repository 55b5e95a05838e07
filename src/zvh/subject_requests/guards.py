"""Page guards: log in first, then the permission module decides; every refusal is logged.

A 403 (wrong role) is logged as denied for the page's purpose; a 404 for a request or extension
that exists (another Veiligheidshuis's) is logged as denied naming it, so that house's privacy
officer sees the attempt.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from zvh.access_log.client import client_address
from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.services import access_log_record

from .audit import extension_objects, request_object
from .models import RetentionExtension, SubjectRequest


def _refused_objects(public_id: Any, purpose: Purpose) -> list:
    if public_id is None:
        return []
    if purpose == Purpose.DATA_SUBJECT_REQUEST:
        found = SubjectRequest.objects.filter(public_id=public_id).first()
        return [request_object(found)] if found else []
    found = (
        RetentionExtension.objects.filter(public_id=public_id)
        .select_related("registration")
        .first()
    )
    return extension_objects(found) if found else []


def guarded(
    *, allowed: Callable[[Any], bool], event_type: EventType, purpose: Purpose
) -> Callable[[Callable], Callable]:
    def decorate(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if not allowed(request.user):
                    raise PermissionDenied
                return view(request, *args, **kwargs)
            except (PermissionDenied, Http404) as refusal:
                objects = _refused_objects(kwargs.get("public_id"), purpose)
                if objects or isinstance(refusal, PermissionDenied):
                    access_log_record(
                        action=EVENT_ACTIONS[event_type],
                        event_type=event_type,
                        user=request.user,
                        purpose=purpose,
                        objects=objects,
                        persons=[],
                        outcome=Outcome.DENIED,
                        address=client_address(request),
                    )
                raise

        return wrapper

    return decorate
