"""Access logging of data-subject requests and retention extensions.

Every step is an entry: purpose "data subject request" for the requests (with the keys of the
person the request is about), purpose "retention" for the extensions (with the registration
they keep, by reference). Requests are named by public id and reference, never by a name.
"""

from collections.abc import Iterable
from typing import Any

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson

from .models import RetentionExtension, SubjectRequest


def request_object(request: SubjectRequest) -> LoggedObject:
    return LoggedObject(
        kind="subject_request",
        id=str(request.public_id),
        reference=request.reference,
        veiligheidshuis_id=request.veiligheidshuis_id,
    )


def extension_objects(extension: RetentionExtension) -> list[LoggedObject]:
    objects = [
        LoggedObject(
            kind="retention_extension",
            id=str(extension.public_id),
            reference=extension.target_reference,
            veiligheidshuis_id=extension.veiligheidshuis_id,
        )
    ]
    if extension.registration is not None:
        objects.append(LoggedObject.for_registration(extension.registration))
    return objects


def log_requests(
    *,
    user: Any,
    requests: Iterable[SubjectRequest],
    event_type: EventType,
    client_address: str,
    outcome: Outcome = Outcome.SUCCESS,
    veiligheidshuis_id: int | None = None,
    former_persons: Iterable[LoggedPerson] = (),
) -> AccessLogEntry:
    """One entry for ``user``'s access to ``requests`` and the persons they are about (and,
    after a correction, the person as the request named them before)."""
    requests = list(requests)
    return access_log_record(
        event_type=event_type,
        user=user,
        purpose=Purpose.DATA_SUBJECT_REQUEST,
        objects=[request_object(r) for r in requests],
        persons=[*(r.person for r in requests), *former_persons],
        outcome=outcome,
        veiligheidshuis_id=veiligheidshuis_id,
        client_address=client_address,
    )


def log_extensions(
    *,
    user: Any,
    extensions: Iterable[RetentionExtension],
    event_type: EventType,
    client_address: str,
    outcome: Outcome = Outcome.SUCCESS,
    veiligheidshuis_id: int | None = None,
) -> AccessLogEntry:
    return access_log_record(
        event_type=event_type,
        user=user,
        purpose=Purpose.RETENTION,
        objects=[obj for e in extensions for obj in extension_objects(e)],
        persons=[],
        outcome=outcome,
        veiligheidshuis_id=veiligheidshuis_id,
        client_address=client_address,
    )
