"""The status of a data-subject request: one table of allowed moves, one ``transition()``."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import EventKind, RequestStatus
from .models import SubjectRequest, SubjectRequestEvent

#: Open requests are answered; an answered request is final (a new request is a new request).
ALLOWED: Mapping[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.OPEN: frozenset({RequestStatus.ANSWERED}),
    RequestStatus.ANSWERED: frozenset(),
}


def record_event(
    *,
    request: SubjectRequest,
    kind: EventKind,
    by,
    at,
    status_from: str = "",
    status_to: str = "",
) -> SubjectRequestEvent:
    return SubjectRequestEvent.objects.create(
        request=request, kind=kind, by=by, at=at, status_from=status_from, status_to=status_to
    )


def transition(
    request: SubjectRequest, *, to: RequestStatus, by, at, event: EventKind
) -> SubjectRequest:
    """Move a request (locked by the caller, inside its transaction) to ``to`` if the table
    allows it; bump its version and append the history row."""
    current = RequestStatus(request.status)
    if to not in ALLOWED[current]:
        raise ValidationError(
            {
                "status": _("A request cannot go from %(from)s to %(to)s.")
                % {"from": current.label, "to": RequestStatus(to).label}
            }
        )
    request.status = to
    request.version += 1
    request.save(update_fields=["status", "version"])
    record_event(request=request, kind=event, by=by, at=at, status_from=current, status_to=to)
    return request
