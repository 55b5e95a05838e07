"""Applying the retention periods: remove what has outlived its period, keep a tombstone.

``retention_run`` is what the scheduler calls (and ``manage.py apply_retention``); the admin's
button calls ``retention_apply`` for one Veiligheidshuis.
"""

import datetime as dt
import os
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any, cast

import structlog
from django.core.files.storage import Storage
from django.db import connection, transaction
from django.utils import timezone

from zvh.access_log.enums import Action, EventType, Outcome, Purpose
from zvh.access_log.purge import PurgeReport, access_log_purge
from zvh.access_log.services import access_log_record
from zvh.access_log.values import LoggedObject, LoggedPerson
from zvh.api.models import IdempotencyRecord
from zvh.casework.models import CaseRegistration
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Attachment, Registration
from zvh.registrations.status import Status

from .models import RegistrationTombstone
from .selectors import registrations_due, registrations_waiting_for_closure

log = structlog.get_logger(__name__)

#: What goes with a registration, counted per kind (the related names on Registration).
RELATED = (
    "persons",
    "involved_partners",
    "attachments",
    "history",
    "screening_answers",
    "information_requests",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Removal:
    """One registration that went (or, in a dry run, would go)."""

    label: str
    veiligheidshuis: str
    status: str
    outcome: str
    counts: dict[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Waiting:
    """A case that stays until it is closed, although its period has passed since the decision."""

    label: str
    veiligheidshuis: str
    decided_on: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class RetentionReport:
    dry_run: bool
    removals: tuple[Removal, ...] = ()
    waiting_for_closure: tuple[Waiting, ...] = ()
    access_log: PurgeReport | None = None
    totals: dict[str, int] = field(default_factory=dict)


def _label(registration: Registration) -> str:
    return registration.reference or f"draft #{registration.pk}"


def _counts(registration: Registration) -> dict[str, int]:
    counts = {name: getattr(registration, name).count() for name in RELATED}
    counts["decisions"] = int(hasattr(registration, "decision"))
    counts["files"] = sum(1 for a in registration.attachments.all() if a.file.name)
    return counts


def _closed_on(registration: Registration) -> dt.date | None:
    """The local day the registration's case was closed (None while it runs or has no case)."""
    link = CaseRegistration.objects.filter(registration=registration).select_related("case")
    found = link.first()
    if found is None or found.case.closed_at is None:
        return None
    return timezone.localtime(found.case.closed_at).date()


def _tombstone(registration: Registration, *, now: dt.datetime) -> RegistrationTombstone | None:
    """The statistics a submitted registration leaves behind (a draft leaves nothing, even one
    whose moment of receipt was preset because the meldpunt recorded it on a partner's behalf)."""
    if (
        registration.status == Status.DRAFT
        or registration.received_at is None
        or registration.veiligheidshuis_id is None
    ):
        return None
    main = registration.main_person
    decision = getattr(registration, "decision", None)
    local = timezone.localtime
    return RegistrationTombstone(
        veiligheidshuis_id=registration.veiligheidshuis_id,
        channel=registration.channel,
        registrant_kind=registration.registrant_organisation.kind,
        urgency=registration.urgency,
        target_group_id=registration.target_group_id,
        municipality_id=main.municipality_id if main else None,
        persons=registration.persons.count(),
        received_on=local(registration.received_at).date(),
        decided_on=local(registration.decided_at).date() if registration.decided_at else None,
        decided_late=registration.decided_late,
        closed_on=_closed_on(registration),
        outcome=decision.outcome if decision else "",
        information_requests=registration.information_requests.count(),
        removed_on=local(now).date(),
    )


def registration_remove(
    *,
    registration: Registration,
    now: dt.datetime,
    by: Any = None,
    client_address: str = "",
) -> Removal | None:
    """Remove one registration whose period has passed, with everything that hangs from it.

    Rules:
    - Within one transaction, on the locked row, the registration is checked to be still due
      (None when it no longer is, or is gone: running twice removes nothing twice).
    - Persons, involved partners and contact details, attachments, screening answers and their
      motivations, information requests and answers, the decision with its texts, and the
      status history go (database cascade). Attachment files are deleted from storage after
      the transaction commits (a rollback keeps them).
    - A submitted registration leaves a ``RegistrationTombstone``: Veiligheidshuis, channel,
      the kind of the registering organisation, urgency, target group, the main person's
      municipality, number of persons, dates received, decided and closed, late flag, outcome,
      number of information requests. No reference, no text.
    - The API's idempotency records of the registration (stored responses holding its data)
      go in the same transaction; its attachment folder goes with its files when empty.
    - The removal is logged in the access log (delete, purpose retention) with the persons'
      keys, so a data subject can be told when their data went.
    """
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .filter(pk=registration.pk)
            .select_related("veiligheidshuis", "registrant_organisation")
            .first()
        )
        if locked is None:
            return None
        # (Without a Veiligheidshuis: the run over all, which covers such drafts.)
        due = registrations_due(now=now, veiligheidshuis=locked.veiligheidshuis)
        if not due.filter(pk=locked.pk).exists():
            return None
        removal = _describe(locked)
        persons = [LoggedPerson.of(person) for person in locked.persons.all()]
        logged = LoggedObject.for_registration(locked)
        files = [a.file.name for a in locked.attachments.all() if a.file.name]
        storage = Attachment._meta.get_field("file").storage
        tombstone = _tombstone(locked, now=now)
        if tombstone is not None:
            tombstone.save()
        IdempotencyRecord.objects.filter(registration_public_id=locked.public_id).delete()
        locked.delete()
        access_log_record(
            action=Action.DELETE,
            event_type=EventType.DELETE,
            user=by,
            purpose=Purpose.RETENTION,
            objects=[logged],
            persons=persons,
            outcome=Outcome.SUCCESS,
            client_address=client_address,
        )
        folder = f"attachments/{locked.public_id}"
        transaction.on_commit(lambda: _delete_files(storage, files, folder=folder))
    log.info(
        "registration_removed_by_retention",
        registration_id=registration.pk,
        veiligheidshuis=removal.veiligheidshuis,
        tombstone=tombstone is not None,
    )
    return removal


def _delete_files(storage: Storage, names: list[str], *, folder: str) -> None:
    """Delete the files, then their folder (named after the registration) if nothing else is
    in it."""
    for name in names:
        storage.delete(name)
    with suppress(NotImplementedError, OSError):  # not on disk, not empty, or already gone
        os.rmdir(storage.path(folder))


def erase_free_space() -> None:
    """SQLite: copy the write-ahead log into the database file and empty it, so no frame with
    removed data stays behind (``secure_delete`` has zeroed the freed space in the pages).
    PostgreSQL reuses freed space through autovacuum."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _describe(registration: Registration) -> Removal:
    decision = getattr(registration, "decision", None)
    return Removal(
        label=_label(registration),
        veiligheidshuis=registration.veiligheidshuis.code if registration.veiligheidshuis else "",
        status=str(registration.status),
        outcome=decision.outcome if decision else "",
        counts=_counts(registration),
    )


def _totals(removals: list[Removal]) -> dict[str, int]:
    totals: Counter[str] = Counter(registrations=len(removals))
    for removal in removals:
        totals.update(removal.counts)
    return dict(totals)


def retention_apply(
    *,
    now: dt.datetime,
    dry_run: bool,
    veiligheidshuis: Veiligheidshuis | None = None,
    by: Any = None,
    client_address: str = "",
) -> RetentionReport:
    """Remove every registration whose period has passed (of one Veiligheidshuis, or of all).

    Rules:
    - A dry run lists what would go (label, status, outcome, counts per kind) and changes
      nothing: no row, no file, no access log entry.
    - Otherwise each registration goes in its own transaction (``registration_remove``), so a
      failure stops the run without undoing what already went; a rerun continues.
    - Idempotent: what went is gone, a tombstone is written once.
    - Then the removed data is erased from the database file too (``erase_free_space``).
    - The report also lists the cases waiting for their closing
      (``registrations_waiting_for_closure``): they stay.
    """
    due = list(registrations_due(now=now, veiligheidshuis=veiligheidshuis))
    waiting = tuple(
        Waiting(
            label=_label(registration),
            # a decided registration has its Veiligheidshuis (checked at submission)
            veiligheidshuis=cast(Veiligheidshuis, registration.veiligheidshuis).code,
            decided_on=timezone.localtime(registration.decided_at).date(),
        )
        for registration in registrations_waiting_for_closure(
            now=now, veiligheidshuis=veiligheidshuis
        )
    )
    if dry_run:
        removals = [_describe(registration) for registration in due]
    else:
        removals = [
            removal
            for registration in due
            if (
                removal := registration_remove(
                    registration=registration, now=now, by=by, client_address=client_address
                )
            )
        ]
        erase_free_space()
    return RetentionReport(
        dry_run=dry_run,
        removals=tuple(removals),
        waiting_for_closure=waiting,
        totals=_totals(removals),
    )


def retention_run(*, now: dt.datetime, dry_run: bool) -> RetentionReport:
    """The scheduled job: every Veiligheidshuis's registrations, then the access log's own
    period (``access_log.purge``: at least five years), then SQLite's write-ahead log is
    checkpointed and emptied (``erase_free_space``)."""
    report = retention_apply(now=now, dry_run=dry_run)
    purged = access_log_purge(now=now, dry_run=dry_run)
    if not dry_run:
        erase_free_space()
    log.info(
        "retention_run",
        dry_run=dry_run,
        registrations=len(report.removals),
        access_log_entries=purged.count,
    )
    return RetentionReport(
        dry_run=dry_run,
        removals=report.removals,
        waiting_for_closure=report.waiting_for_closure,
        access_log=purged,
        totals=report.totals,
    )
