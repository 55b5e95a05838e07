"""Access logging and page guards for registrations (registrant and meldpunt pages alike).

Rules:
- No action without its entry: services record their entry inside their own transaction, as
  the last step (the access log's chain head stays locked until the commit). If the action rolls
  back, its entry goes with it; if the entry cannot be written, the action rolls back.
- A page showing personal data logs its read before it renders; if that fails, nothing is shown.
- A refused attempt (wrong role: 403; a registration outside the user's selector: 404) is logged
  with outcome "denied" before the refusal is answered, naming the registration if it exists.
- Entries name registrations by public id and reference, persons only as keyed hashes (see
  ``zvh.access_log``); nothing else about them.
"""

import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.common.client_address import client_address
from zvh.common.guards import guard

from .models import Person, Registration
from .selectors import registration_for_refusal_log


def log_access(
    *,
    user: Any,
    registrations: Iterable[Registration],
    persons: Iterable[Person],
    event_type: EventType,
    purpose: Purpose,
    client_address: str = "",
    outcome: Outcome = Outcome.SUCCESS,
) -> AccessLogEntry:
    """Record one entry for ``user``'s access to ``registrations`` and ``persons`` (duplicates
    are logged once). The entry belongs to the first registration's Veiligheidshuis, else to the
    user's own."""
    objects = list({r.pk: LoggedObject.for_registration(r) for r in registrations}.values())
    return access_log_record(
        event_type=event_type,
        user=user,
        purpose=purpose,
        objects=objects,
        persons=[LoggedPerson.of(p) for p in {p.pk or id(p): p for p in persons}.values()],
        outcome=outcome,
        client_address=client_address,
    )


def log_registration(
    *,
    user: Any,
    registration: Registration,
    event_type: EventType,
    purpose: Purpose,
    client_address: str = "",
    outcome: Outcome = Outcome.SUCCESS,
) -> AccessLogEntry:
    """Record an access to one registration and every person in it (as stored now)."""
    return log_access(
        user=user,
        registrations=[registration],
        persons=registration.persons.all(),
        event_type=event_type,
        purpose=purpose,
        client_address=client_address,
        outcome=outcome,
    )


def log_registration_change(
    *,
    by: Any,
    registration: Registration,
    client_address: str,
    event_type: EventType = EventType.UPDATE,
) -> AccessLogEntry:
    """Record a step of registering (a draft saved, an attachment added or removed, the
    submission): an access for the purpose registration, by the one who takes it."""
    return log_registration(
        user=by,
        registration=registration,
        event_type=event_type,
        purpose=Purpose.REGISTRATION,
        client_address=client_address,
    )


def log_page_read(
    request: HttpRequest,
    *,
    registrations: Iterable[Registration],
    persons: Iterable[Person],
    event_type: EventType = EventType.VIEW,
    purpose: Purpose,
) -> AccessLogEntry:
    """Log what a page is about to show (a view or, for lists, a search). Call before render."""
    return log_access(
        user=request.user,
        registrations=registrations,
        persons=persons,
        event_type=event_type,
        purpose=purpose,
        client_address=client_address(request),
    )


def log_refusal(
    request: HttpRequest,
    *,
    public_id: uuid.UUID | None,
    event_type: EventType,
    purpose: Purpose,
    forbidden: bool,
) -> AccessLogEntry | None:
    """Log a refused attempt as denied. A 403 is always logged (with the registration the URL
    names, if any); a 404 only when the registration exists (an unknown id concerns no one)."""
    if not request.user.is_authenticated:
        return None
    registration = registration_for_refusal_log(public_id) if public_id else None
    if registration is None and not forbidden:
        return None
    return log_access(
        user=request.user,
        registrations=[registration] if registration else [],
        persons=registration.persons.all() if registration else [],
        event_type=event_type,
        purpose=purpose,
        client_address=client_address(request),
        outcome=Outcome.DENIED,
    )


def guarded(
    *, allowed: Callable[[Any], bool], event_type: EventType, purpose: Purpose
) -> Callable[[Callable], Callable]:
    """A page decorator (``common.guards.guard``): log in first; then only users for whom
    ``allowed(user)`` holds pass (403 for everyone else). Every 403 and 404 the page answers
    (also from the view or its services) is logged as a denied ``event_type`` for ``purpose``
    first."""

    def on_refusal(request: HttpRequest, public_id: Any, *, forbidden: bool) -> None:
        log_refusal(
            request,
            public_id=public_id,
            event_type=event_type,
            purpose=purpose,
            forbidden=forbidden,
        )

    return guard(allowed=allowed, on_refusal=on_refusal)
