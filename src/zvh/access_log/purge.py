"""Removing entries older than the log's retention period, without breaking the chain.

The only way entries leave the log. The database refuses any other DELETE (``triggers.py``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .enums import Action, EventType, Outcome, Purpose
from .models import AccessLogChainHead, AccessLogCheckpoint, AccessLogEntry, AccessLogSubject
from .services import access_log_record
from .triggers import FLOOR_YEARS
from .values import LoggedObject

#: Kept on top of the period, so that the application's clock and the database's never disagree
#: about an entry right at the boundary (the database refuses anything younger than five years).
SAFETY_MARGIN = dt.timedelta(days=2)


@dataclass(frozen=True, slots=True, kw_only=True)
class PurgeReport:
    """What a purge removed (or, in a dry run, would remove): sequences ``first``…``last``."""

    cutoff: dt.datetime
    count: int
    first: int | None
    last: int | None
    dry_run: bool


def access_log_retention_years() -> int:
    """``settings.ZVH_ACCESS_LOG_RETENTION_YEARS`` (default 5); never fewer than five years."""
    years = int(getattr(settings, "ZVH_ACCESS_LOG_RETENTION_YEARS", FLOOR_YEARS))
    if years < FLOOR_YEARS:
        raise ImproperlyConfigured(
            f"ZVH_ACCESS_LOG_RETENTION_YEARS is {years}; the access log is kept at least "
            f"{FLOOR_YEARS} years."
        )
    return years


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same day and time ``years`` years earlier (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def access_log_purge(*, now: dt.datetime, dry_run: bool = False) -> PurgeReport:
    """Remove the entries older than the log's period (``access_log_retention_years``), keeping
    the chain verifiable.

    Rules:
    - Only a *prefix* of the chain goes: the entries before the first one that is not older than
      the cutoff (``now`` minus the period minus ``SAFETY_MARGIN``). An old entry behind a
      younger one waits until that one is old too.
    - In one transaction, under the chain head's lock: first a checkpoint records the sequence
      and hash of the last entry removed, then the subjects and entries go, then the purge itself
      is logged (event delete, purpose retention) at the end of the chain.
    - The database checks every deleted row again: older than five years by its own clock and
      covered by a checkpoint, else the whole purge rolls back.
    - Idempotent: with nothing (new) to remove, nothing is written, not even a log entry.
    - A dry run counts what would go and changes nothing.
    """
    cutoff = years_before(now, access_log_retention_years()) - SAFETY_MARGIN
    with transaction.atomic():
        if not dry_run:
            AccessLogChainHead.objects.select_for_update().filter(pk=1).first()
        done = AccessLogCheckpoint.objects.order_by("-sequence").first()
        after = done.sequence if done else 0
        first_kept = (
            AccessLogEntry.objects.filter(sequence__gt=after, occurred_at__gte=cutoff)
            .order_by("sequence")
            .values_list("sequence", flat=True)
            .first()
        )
        candidates = AccessLogEntry.objects.filter(sequence__gt=after)
        if first_kept is not None:
            candidates = candidates.filter(sequence__lt=first_kept)
        last = candidates.order_by("-sequence").first()
        if last is None:
            return PurgeReport(cutoff=cutoff, count=0, first=None, last=None, dry_run=dry_run)
        count = candidates.count()
        report = PurgeReport(
            cutoff=cutoff, count=count, first=after + 1, last=last.sequence, dry_run=dry_run
        )
        if dry_run:
            return report
        AccessLogCheckpoint.objects.create(
            sequence=last.sequence, hash=last.hash, created_at=now, removed=count, cutoff=cutoff
        )
        AccessLogSubject.objects.filter(entry__sequence__lte=last.sequence).delete()
        AccessLogEntry.objects.filter(sequence__lte=last.sequence).delete()
        access_log_record(
            action=Action.DELETE,
            event_type=EventType.DELETE,
            user=None,
            purpose=Purpose.RETENTION,
            objects=[
                LoggedObject(
                    kind="access_log", id=f"{after + 1}-{last.sequence}", reference=str(count)
                )
            ],
            persons=[],
            outcome=Outcome.SUCCESS,
        )
    return report
