"""Page guards: log in first, then the permission module decides; every refusal is logged.

A 403 (wrong role) is logged as denied for the page's purpose; a 404 for a request or extension
that exists (another Veiligheidshuis's) is logged as denied naming it, so that house's privacy
officer sees the attempt.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.services import access_log_record
from zvh.common.client_address import client_address
from zvh.common.guards import guard

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
    """``common.guards.guard`` with refusals logged as denied ``event_type`` for ``purpose``,
    naming the request or extension the URL names when it exists."""

    def on_refusal(request: HttpRequest, public_id: Any, *, forbidden: bool) -> None:
        objects = _refused_objects(public_id, purpose)
        if objects or forbidden:
            access_log_record(
                event_type=event_type,
                user=request.user,
                purpose=purpose,
                objects=objects,
                persons=[],
                outcome=Outcome.DENIED,
                client_address=client_address(request),
            )

    return guard(allowed=allowed, on_refusal=on_refusal)
