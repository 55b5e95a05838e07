"""Access logging for cases: an entry names the case and its registrations, and concerns every
person of those registrations (as keyed hashes, see ``zvh.access_log``)."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zvh.access_log.enums import EVENT_ACTIONS, EventType, Outcome, Purpose
from zvh.access_log.models import AccessLogEntry
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.common.client_address import client_address
from zvh.registrations.models import Person

from .models import Case, SharingRecord
from .selectors import sharing_record_for


def case_object(case: Case) -> LoggedObject:
    return LoggedObject(
        kind="case",
        id=str(case.public_id),
        reference=case.reference,
        veiligheidshuis_id=case.veiligheidshuis_id,
    )


def log_case(
    *,
    user: Any,
    case: Case,
    event_type: EventType,
    purpose: Purpose,
    client_address: str = "",
    outcome: Outcome = Outcome.SUCCESS,
    extra: list[LoggedObject] | None = None,
) -> AccessLogEntry:
    """One entry for ``user``'s access to ``case``: the case, its registrations and every person
    in them (one query for the persons)."""
    persons = Person.objects.filter(registration__case_link__case=case).select_related(None)
    registrations = [
        LoggedObject.for_registration(link.registration)
        for link in case.links.select_related("registration")
    ]
    return access_log_record(
        action=EVENT_ACTIONS[event_type],
        event_type=event_type,
        user=user,
        purpose=purpose,
        objects=[case_object(case), *(extra or []), *registrations],
        persons=[LoggedPerson.of(person) for person in persons],
        outcome=outcome,
        client_address=client_address,
    )


def log_case_request(
    request: Any,
    case: Case,
    *,
    event_type: EventType = EventType.VIEW,
    purpose: Purpose = Purpose.CONSULTATION,
    outcome: Outcome = Outcome.SUCCESS,
    extra: list[LoggedObject] | None = None,
) -> AccessLogEntry:
    """``log_case`` for a request (a page or an API response): its user and client address; by
    default a view for consultation."""
    return log_case(
        user=request.user,
        case=case,
        event_type=event_type,
        purpose=purpose,
        client_address=client_address(request),
        outcome=outcome,
        extra=extra,
    )


def log_cases_search(
    *, user: Any, cases: list[Case], purpose: Purpose, client_address: str = ""
) -> AccessLogEntry:
    """One search entry for a list naming cases (references and actions, no persons' data)."""
    unique = list({case.pk: case for case in cases}.values())
    return access_log_record(
        action=EVENT_ACTIONS[EventType.SEARCH],
        event_type=EventType.SEARCH,
        user=user,
        purpose=purpose,
        objects=[case_object(case) for case in unique],
        persons=[],
        outcome=Outcome.SUCCESS,
        client_address=client_address,
    )


def sharing_record_read(
    *,
    user: Any,
    public_id: Any,
    event_type: EventType,
    client_address: str = "",
    plan_only: bool = False,
) -> tuple[Case, list[SharingRecord]]:
    """The privacy officer reads (or exports) a case's one sharing record, all of it or the
    plan rows only (``selectors.sharing_record_for``: 404 for others), logged with purpose
    privacy review before anything is shown."""
    case, records = sharing_record_for(user=user, public_id=public_id, plan_only=plan_only)
    log_case(
        user=user,
        case=case,
        event_type=event_type,
        purpose=Purpose.PRIVACY_REVIEW,
        client_address=client_address,
    )
    return case, list(records)


def actor(request: HttpRequest) -> dict[str, Any]:
    """Who writes, when and from where: what the services of casework and approach are given
    (``by``, ``now``, ``client_address``)."""
    return {"by": request.user, "now": timezone.now(), "client_address": client_address(request)}
