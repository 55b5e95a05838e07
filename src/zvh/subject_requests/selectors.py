"""What a privacy officer (and, for extensions, a screener or procesregisseur) sees."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zvh.accounts.permissions import (
    may_handle_subject_requests,
    retention_extension_veiligheidshuis_id,
)
from zvh.deadlines.calculation import LOCAL_TZ

from .enums import RequestStatus
from .models import RetentionExtension, SubjectRequest

#: Days before the end of the term from which a request counts as "due soon".
DUE_SOON_DAYS = 7


def subject_requests_visible_to(user: Any) -> QuerySet[SubjectRequest]:
    """A privacy officer sees the requests of their own Veiligheidshuis; nobody else any."""
    if not may_handle_subject_requests(user):
        return SubjectRequest.objects.none()
    return SubjectRequest.objects.filter(veiligheidshuis_id=user.veiligheidshuis.pk)


def subject_request_for(user: Any, public_id: Any) -> SubjectRequest:
    """One visible request (with what its detail page shows), or 404."""
    return get_object_or_404(
        subject_requests_visible_to(user).select_related("veiligheidshuis"), public_id=public_id
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestRow:
    request: SubjectRequest
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def due_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= DUE_SOON_DAYS


def subject_request_rows(*, user: Any, now: dt.datetime, open_only: bool) -> list[RequestRow]:
    """The officer's requests, open ones first by their due date, then the answered ones,
    most recently answered first; one query whatever their number."""
    today = now.astimezone(LOCAL_TZ).date()
    visible = subject_requests_visible_to(user)
    if open_only:
        visible = visible.filter(status=RequestStatus.OPEN)
    requests = list(visible)
    open_rows = [
        RequestRow(request=r, days_left=(r.due_on - today).days)
        for r in requests
        if r.status == RequestStatus.OPEN
    ]
    closed = sorted(
        (r for r in requests if r.status != RequestStatus.OPEN),
        key=lambda r: (r.answered_on or r.received_on, r.pk),
        reverse=True,
    )
    open_rows.sort(key=lambda row: (row.request.due_on, row.request.pk))
    return open_rows + [RequestRow(request=r, days_left=None) for r in closed]


def retention_extensions_visible_to(user: Any) -> QuerySet[RetentionExtension]:
    """Screeners, procesregisseurs and privacy officers see their own Veiligheidshuis's."""
    own = retention_extension_veiligheidshuis_id(user)
    if own is None:
        return RetentionExtension.objects.none()
    return RetentionExtension.objects.filter(veiligheidshuis_id=own)


def retention_extension_list(user: Any) -> QuerySet[RetentionExtension]:
    return retention_extensions_visible_to(user).select_related(
        "requested_by", "decided_by", "registration"
    )
