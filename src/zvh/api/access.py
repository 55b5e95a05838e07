"""Access logging of the API, as the web pages do it (issue 5, point 8; see registrations.access).

Rules:
- A response holding personal data is logged before it is returned, with the API client's
  service user (its organisation and role), the purpose of the endpoints (registration for the
  registrant endpoints, triage for the meldpunt's) and the client's address. If the entry cannot
  be written, the request fails and nothing is returned. After a write, the entry is written in
  the write's transaction (the idempotency transaction), so the two commit together.
- Lists are logged as one search concerning the registrations in the response and their main
  persons (the web queue and list do the same); one registration as a view of it and every
  person in it, plus whatever else the response shows (the meldpunt's "already known" matches).
- A refused request (403: wrong role; 404: a registration outside the client's selector) is
  logged as denied, naming the registration if it exists, before the problem is answered.
"""

import uuid
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from zvh.access_log.enums import EventType, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.registrations.access import log_page_read, log_refusal
from zvh.registrations.models import Person, Registration

FORBIDDEN = (exceptions.PermissionDenied, DjangoPermissionDenied)
NOT_FOUND = (exceptions.NotFound, Http404)


def log_api_read(
    request: Request,
    *,
    registrations: Iterable[Registration],
    persons: Iterable[Person],
    purpose: Purpose,
    event_type: EventType = EventType.VIEW,
) -> AccessLogEntry:
    """Log what a response is about to hand out. Call it before returning the response."""
    return log_page_read(
        request,  # type: ignore[arg-type]  # a DRF request passes user and META through
        registrations=registrations,
        persons=persons,
        event_type=event_type,
        purpose=purpose,
    )


class AccessLoggedMixin:
    """For API views about registrations: every refusal (403, 404) is logged as a denied
    ``access_events[method]`` (default: the GET event) for ``access_purpose``."""

    access_purpose: ClassVar[Purpose]
    access_events: ClassVar[Mapping[str, EventType]] = {"GET": EventType.VIEW}

    def log_replay(self, request: Request, *, public_id: Any) -> None:
        """A replayed POST (same client, same Idempotency-Key) hands out the registration's data
        once more: logged as a view of it and its persons, like the original response was."""
        try:
            key = uuid.UUID(str(public_id))
        except ValueError:
            return
        registration = Registration.objects.filter(public_id=key).first()
        if registration is None:
            return
        log_api_read(
            request,
            registrations=[registration],
            persons=list(registration.persons.all()),
            purpose=self.access_purpose,
        )

    def handle_exception(self, exc: Exception) -> Response:
        forbidden = isinstance(exc, FORBIDDEN)
        if forbidden or isinstance(exc, NOT_FOUND):
            request: Request = self.request  # type: ignore[attr-defined]
            events = self.access_events
            log_refusal(
                request,  # type: ignore[arg-type]
                public_id=self.kwargs.get("public_id"),  # type: ignore[attr-defined]
                event_type=events.get(request.method or "GET", events["GET"]),
                purpose=self.access_purpose,
                forbidden=forbidden,
            )
        return super().handle_exception(exc)  # type: ignore[misc]
