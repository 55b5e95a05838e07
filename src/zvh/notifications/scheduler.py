"""Periodic jobs, run by ``manage.py run_scheduler`` (no crontab to edit).

Rules:
- Each job names its current *period* (the hour, the day, the minute) for a moment; a job runs
  at most once per period: the first run inserts ``JobRun(job, period)`` (unique), and a second
  run of the same period (overlapping, on another machine, or after a restart) fails to insert
  and skips. A run that crashed leaves its row unfinished; after ``ZVH_SCHEDULER_LEASE_SECONDS``
  the next tick takes it over. Jobs are idempotent per item as well (a reminder is recorded per
  registration), so a taken-over run does no double work either.
- Jobs only write (outbox rows, records); sending is the worker's business.
- Other apps add their jobs with ``schedule(Job(...))``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import structlog
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from zvh.deadlines.calculation import LOCAL_TZ

from .deadline_jobs import deadline_notices_send, screener_digests_send
from .models import JobRun
from .outbox import outbox_sweep
from .tasks import task_results_prune

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    #: The period a moment belongs to, or None when the job is not due at that moment.
    period: Callable[[datetime], str | None]
    #: Does the work for ``now``; returns a count for the log.
    action: Callable[..., int]


def every_minute(now: datetime) -> str:
    return now.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H:%M")


def hourly(now: datetime) -> str:
    return now.astimezone(LOCAL_TZ).strftime("%Y-%m-%dT%H")


def daily_from(at: time) -> Callable[[datetime], str | None]:
    def period(now: datetime) -> str | None:
        local = now.astimezone(LOCAL_TZ)
        return local.date().isoformat() if local.time() >= at else None

    return period


SCHEDULE: list[Job] = [
    Job("outbox_sweep", every_minute, outbox_sweep),
    Job("deadline_notices", hourly, deadline_notices_send),
    Job("screener_digest", daily_from(time(7, 0)), screener_digests_send),
    Job("task_results_prune", daily_from(time(3, 0)), task_results_prune),
]


def schedule(job: Job) -> None:
    """Add (or replace, by name) a periodic job."""
    SCHEDULE[:] = [existing for existing in SCHEDULE if existing.name != job.name] + [job]


def job_claim(*, job: str, period: str, now: datetime) -> bool:
    """True for the one run that may do ``job`` for ``period``: the first, or one taking over
    a run that started more than the lease ago and never finished."""
    try:
        with transaction.atomic():
            JobRun.objects.create(job=job, period=period, started_at=now)
        return True
    except IntegrityError:
        lease = timedelta(seconds=settings.ZVH_SCHEDULER_LEASE_SECONDS)
        return bool(
            JobRun.objects.filter(
                job=job, period=period, finished_at=None, started_at__lt=now - lease
            ).update(started_at=now, attempts=F("attempts") + 1)
        )


def job_run(*, job: Job, now: datetime) -> int | None:
    """Run ``job`` for the period of ``now`` unless that period was claimed already. Returns
    the job's count, or None when it was not due or not ours to run."""
    period = job.period(now)
    if period is None or not job_claim(job=job.name, period=period, now=now):
        return None
    count = job.action(now=now)
    JobRun.objects.filter(job=job.name, period=period).update(finished_at=now)
    log.info("job_finished", job=job.name, period=period, count=count)
    return count


def scheduler_tick(*, now: datetime) -> dict[str, int | None]:
    """Run every due job once; a failing job is logged and does not stop the others."""
    results: dict[str, int | None] = {}
    for job in list(SCHEDULE):
        try:
            results[job.name] = job_run(job=job, now=now)
        except Exception:
            log.exception("job_failed", job=job.name)
            results[job.name] = None
    return results
