"""Heartbeats of the scheduler and the task worker.

Rules:
- Every minute the scheduler's ``heartbeat`` job (one scheduler per minute, see
  ``zvh.notifications.scheduler``) records the scheduler's beat and enqueues ``worker_heartbeat``;
  a worker that runs it records the worker's beat. A stale worker beat therefore means "no worker
  is getting through the queue", whatever processes are up.
- A beat is one conditional update of a row that exists from the migration on.
"""

from datetime import datetime

from django.utils import timezone
from django_tasks import task

from .models import Component, Heartbeat


def heartbeat_record(*, component: Component, now: datetime) -> None:
    """Record that ``component`` is alive at ``now``."""
    updated = Heartbeat.objects.filter(component=component).update(beat_at=now)
    if not updated:  # the row was removed (e.g. a flushed test database): make it again
        Heartbeat.objects.update_or_create(component=component, defaults={"beat_at": now})


@task()
def worker_heartbeat() -> None:
    """Run by a task worker: the worker's beat, at the moment it got to this task."""
    heartbeat_record(component=Component.WORKER, now=timezone.now())


def heartbeat_job(*, now: datetime) -> int:
    """The scheduler's periodic job: its own beat, and a task for the worker's."""
    heartbeat_record(component=Component.SCHEDULER, now=now)
    worker_heartbeat.enqueue()
    return 1
