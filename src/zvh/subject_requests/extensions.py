"""Retention extensions: request, approve or reject, and what retention must leave alone.

Rules:
- A screener, procesregisseur or privacy officer of a Veiligheidshuis requests an extension for
  one of its own registrations (found by reference), with a reason and an end date after today
  and at most ``MAX_YEARS`` ahead.
- A privacy officer of that Veiligheidshuis approves or rejects it, with a note (required to
  reject); not the requester when another privacy officer is there
  (``accounts.permissions.may_approve_retention_extension``). A decision is final.
- An approved extension runs up to and including its end date; while it runs, retention
  (``retention.selectors.registrations_due``) does not remove its target. A requested or
  rejected one holds nothing off.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zvh.access_log.enums import EventType
from zvh.accounts.models import User
from zvh.accounts.permissions import (
    ensure,
    may_approve_retention_extension,
    retention_extension_veiligheidshuis_id,
)
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.deadlines.months import add_months
from zvh.registrations.models import Registration

from .audit import log_extensions
from .enums import ExtensionStatus, ExtensionTarget
from .models import RetentionExtension

MAX_YEARS = 10

#: Per target kind, the lookup from an extension to its target (a new kind adds a line).
TARGET_LOOKUPS: dict[str, str] = {ExtensionTarget.REGISTRATION: "registration"}


def running_extensions(*, now: dt.datetime) -> QuerySet[RetentionExtension]:
    """The approved extensions whose end date has not passed (local calendar days)."""
    today = now.astimezone(LOCAL_TZ).date()
    return RetentionExtension.objects.filter(status=ExtensionStatus.APPROVED, ends_on__gte=today)


def kept_registrations(*, now: dt.datetime) -> Q:
    """A filter on registrations: those a running extension keeps."""
    return Q(
        pk__in=running_extensions(now=now)
        .filter(registration__isnull=False)
        .values("registration_id")
    )


def retention_extension_request(
    *,
    by: User,
    registration_reference: str,
    reason: str,
    ends_on: dt.date,
    now: dt.datetime,
    client_address: str,
) -> RetentionExtension:
    own = retention_extension_veiligheidshuis_id(by)
    ensure(own is not None)
    today = now.astimezone(LOCAL_TZ).date()
    errors: dict[str, list[str]] = {}
    registration = (
        Registration.objects.filter(
            veiligheidshuis_id=own, reference=registration_reference.strip()
        )
        .exclude(reference=None)
        .first()
    )
    if registration is None:
        errors["registration"] = [_("No registration of your Veiligheidshuis has this reference.")]
    if not reason.strip():
        errors["reason"] = [_("Give the reason to keep the registration longer.")]
    if ends_on <= today:
        errors["ends_on"] = [_("The end date lies after today.")]
    elif ends_on > add_months(today, 12 * MAX_YEARS):
        errors["ends_on"] = [_("An extension lasts at most ten years.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        extension = RetentionExtension.objects.create(
            veiligheidshuis_id=own,
            target_kind=ExtensionTarget.REGISTRATION,
            registration=registration,
            target_reference=registration.reference,
            reason=reason.strip(),
            ends_on=ends_on,
            requested_by=by,
            requested_at=now,
        )
        log_extensions(
            user=by,
            extensions=[extension],
            event_type=EventType.CREATE,
            client_address=client_address,
        )
    return extension


def retention_extension_decide(
    *,
    extension: RetentionExtension,
    by: User,
    approve: bool,
    note: str,
    now: dt.datetime,
    client_address: str,
) -> RetentionExtension:
    with transaction.atomic():
        extension = (
            RetentionExtension.objects.select_for_update(of=("self",))
            .select_related("registration")
            .get(pk=extension.pk)
        )
        ensure(may_approve_retention_extension(by, extension))
        if not approve and not note.strip():
            raise ValidationError({"decision_note": [_("Say why the extension is rejected.")]})
        extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
        extension.decided_by = by
        extension.decided_at = now
        extension.decision_note = note.strip()
        extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        log_extensions(
            user=by,
            extensions=[extension],
            event_type=EventType.UPDATE,
            client_address=client_address,
        )
    return extension
