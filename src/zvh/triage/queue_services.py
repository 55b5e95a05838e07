"""Writes of the meldpunt's queue: assigning a registration to a screener, and a screener's saved
filters. Keyword-only, plain values, refusals as ``ValidationError`` keyed by domain names
(``assignee``, ``registration``, ``name``) or ``PermissionDenied``."""

from datetime import datetime

import structlog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType, Purpose
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    may_assign,
    may_delete_saved_filter,
    may_save_queue_filters,
    may_screen,
)
from zvh.registrations.access import log_registration
from zvh.registrations.models import Registration
from zvh.registrations.status import OPEN_STATUSES

from .models import Assignment, SavedFilter

log = structlog.get_logger(__name__)

#: A screener keeps at most this many saved filters (the links above the queue stay one line).
MAX_SAVED_FILTERS = 20


def _refusal(name: str, message: str, code: str) -> ValidationError:
    """A refusal keyed by the domain name ``name``, with its ``code``."""
    return ValidationError({name: ValidationError(message, code=code)})


def registration_assign(
    *,
    registration: Registration,
    to: User | None,
    by: User,
    now: datetime,
    client_address: str = "",
) -> Assignment | None:
    """Assign an open registration to a screener of its own Veiligheidshuis (``to=by``: "assign
    to me"), or take the assignment away (``to=None``).

    Rules: only a screener of the registration's Veiligheidshuis assigns (``may_assign``); the
    assignee must be an active screener of that same Veiligheidshuis; a decided or closed
    registration is not assigned any more. The registration's row is locked while the
    assignment changes, and the change is logged (U, purpose triage) in the same transaction.
    Assigning to whom it is already assigned changes nothing and logs nothing.
    """
    ensure(
        may_screen(by, registration), _("Only the meldpunt of this Veiligheidshuis may do this.")
    )
    if not may_assign(by, registration, to):
        raise _refusal("assignee", _("Choose a screener of this Veiligheidshuis."), "assignee")
    with transaction.atomic():
        locked = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        if locked.status not in OPEN_STATUSES:
            raise _refusal(
                "registration", _("Only an open registration can be assigned."), "not_open"
            )
        current = Assignment.objects.filter(registration=locked).first()
        if (current.assignee_id if current else None) == (to.pk if to else None):
            return current
        if to is None:
            Assignment.objects.filter(registration=locked).delete()
            assignment = None
        else:
            assignment, _created = Assignment.objects.update_or_create(
                registration=locked,
                defaults={"assignee": to, "assigned_by": by, "assigned_at": now},
            )
        log_registration(
            user=by,
            registration=locked,
            event_type=EventType.UPDATE,
            purpose=Purpose.TRIAGE,
            client_address=client_address,
        )
    log.info(
        "registration_assigned",
        registration_id=locked.pk,
        assignee_id=to.pk if to else None,
        by_id=by.pk,
    )
    return assignment


def saved_filter_create(*, user: User, name: str, query: str, now: datetime) -> SavedFilter:
    """Save the queue's current filter and order (``query``, already checked by the queue's
    form) under a name for ``user``. The name is required, at most 60 characters and unique
    among the user's own saved filters; a user keeps at most ``MAX_SAVED_FILTERS``."""
    ensure(may_save_queue_filters(user), _("Only the meldpunt may save queue filters."))
    name = " ".join((name or "").split())
    if not name:
        raise _refusal("name", _("Enter a name for this filter."), "required")
    if len(name) > 60:
        raise _refusal("name", _("Use at most 60 characters."), "max_length")
    with transaction.atomic():
        # The user's row serialises their saves, so the limit and the name check hold.
        User.objects.select_for_update().filter(pk=user.pk).first()
        mine = SavedFilter.objects.filter(user=user)
        if mine.filter(name__iexact=name).exists():
            raise _refusal("name", _("You already have a filter with this name."), "unique")
        if mine.count() >= MAX_SAVED_FILTERS:
            raise _refusal(
                "name", _("You have the maximum of 20 saved filters: delete one first."), "limit"
            )
        return SavedFilter.objects.create(user=user, name=name, query=query, created_at=now)


def saved_filter_delete(*, saved_filter: SavedFilter, by: User) -> None:
    """Delete one of ``by``'s own saved filters (nobody else's)."""
    ensure(may_delete_saved_filter(by, saved_filter), _("This is not your saved filter."))
    saved_filter.delete()
