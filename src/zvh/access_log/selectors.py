"""Reads of the access log. Who may see which entries is decided here, once."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from zvh.accounts.permissions import may_read_access_log
from zvh.network.models import Organisation

from .enums import Outcome
from .models import AccessLogEntry, AccessLogSubject


def access_log_visible_to(user: Any) -> QuerySet[AccessLogEntry]:
    """A privacy officer sees the entries of their own Veiligheidshuis; nobody else sees any
    (platform superusers included: they read the database, which logs nothing)."""
    if not may_read_access_log(user):
        return AccessLogEntry.objects.none()
    return AccessLogEntry.objects.filter(veiligheidshuis_id=user.veiligheidshuis.pk)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogFilter:
    """Dates are local calendar days, both inclusive; a person is any of their keys."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    username: str = ""
    organisation_id: int | None = None
    person_keys: frozenset[str] = field(default_factory=frozenset)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def access_log_filtered(*, user: Any, filters: LogFilter) -> QuerySet[AccessLogEntry]:
    """The entries ``user`` may see that match every filter given, newest first."""
    entries = access_log_visible_to(user)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(occurred_at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    if filters.username:
        entries = entries.filter(username=filters.username)
    if filters.organisation_id is not None:
        entries = entries.filter(organisation_id=filters.organisation_id)
    if filters.person_keys:
        entries = entries.filter(
            Exists(
                AccessLogSubject.objects.filter(
                    entry=OuterRef("pk"), person_key__in=filters.person_keys
                )
            )
        )
    return entries.order_by("-occurred_at", "-sequence")


def subject_report_entries(*, user: Any, filters: LogFilter) -> QuerySet[AccessLogEntry]:
    """What a data subject is told: the successful accesses about them, oldest first."""
    if not filters.person_keys:
        return AccessLogEntry.objects.none()
    return (
        access_log_filtered(user=user, filters=filters)
        .filter(outcome=Outcome.SUCCESS)
        .order_by("occurred_at", "sequence")
    )


def access_log_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The organisations a privacy officer can filter on: their Veiligheidshuis's own staff and
    the partners in its network."""
    if not may_read_access_log(user):
        return Organisation.objects.none()
    vh = user.veiligheidshuis
    return (
        Organisation.objects.filter(Q(veiligheidshuis=vh) | Q(memberships__veiligheidshuis=vh))
        .distinct()
        .order_by("name")
    )
