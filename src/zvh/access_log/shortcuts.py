"""One-line logging for views: ``log_read(request, registration, purpose=Purpose.TRIAGE)``."""

from typing import Any

from django.http import HttpRequest

from zvh.common.client_address import client_address

from .enums import EventType, Outcome, Purpose
from .models import AccessLogEntry
from .services import access_log_record
from .values import LoggedObject, LoggedPerson


def log_registration_access(
    request: HttpRequest,
    registration: Any,
    *,
    purpose: Purpose,
    event_type: EventType,
    outcome: Outcome = Outcome.SUCCESS,
) -> AccessLogEntry:
    """Log an access by ``request.user`` to a registration and every person in it (one query
    for the persons, none when they were prefetched)."""
    return access_log_record(
        event_type=event_type,
        user=request.user,
        purpose=purpose,
        objects=[LoggedObject.for_registration(registration)],
        persons=[LoggedPerson.of(person) for person in registration.persons.all()],
        outcome=outcome,
        client_address=client_address(request),
    )


def log_read(request: HttpRequest, registration: Any, *, purpose: Purpose) -> AccessLogEntry:
    """Log that ``request.user`` viewed a registration. Call it before rendering: a view that
    cannot log must not show the data."""
    return log_registration_access(
        request, registration, purpose=purpose, event_type=EventType.VIEW
    )


def log_denied(
    request: HttpRequest, registration: Any, *, purpose: Purpose, event_type: EventType
) -> AccessLogEntry:
    """Log an attempt the need-to-know rules refused (call before answering 403/404)."""
    return log_registration_access(
        request, registration, purpose=purpose, event_type=event_type, outcome=Outcome.DENIED
    )
