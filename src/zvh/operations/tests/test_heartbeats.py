"""The scheduler's heartbeat job beats for the scheduler and enqueues the worker's beat, which
only a worker getting through the queue records."""

from datetime import timedelta

from django.utils import timezone

from zvh.notifications.scheduler import scheduler_tick
from zvh.notifications.tests.conftest import DB_TASKS, make_worker
from zvh.operations.models import Component, Heartbeat


def beat(component: Component):
    """The component's last beat; None when it never beat (or its row was flushed by an earlier
    transactional test)."""
    return Heartbeat.objects.filter(component=component).values_list("beat_at", flat=True).first()


def test_a_scheduler_tick_beats_for_the_scheduler_and_the_worker(transactional_db, settings):
    settings.TASKS = DB_TASKS
    Heartbeat.objects.update(beat_at=None)
    now = timezone.now()
    results = scheduler_tick(now=now)
    assert results["heartbeat"] == 1
    assert beat(Component.SCHEDULER) == now
    assert beat(Component.WORKER) is None  # enqueued, not yet run
    make_worker().run()
    assert timezone.now() - beat(Component.WORKER) < timedelta(seconds=30)


def test_the_heartbeat_runs_once_per_minute_however_many_schedulers(db):
    now = timezone.now().replace(second=1)
    assert scheduler_tick(now=now)["heartbeat"] == 1
    assert scheduler_tick(now=now + timedelta(seconds=30))["heartbeat"] is None
    assert scheduler_tick(now=now + timedelta(seconds=60))["heartbeat"] == 1


def test_a_missing_row_is_made_again(db):
    Heartbeat.objects.all().delete()
    scheduler_tick(now=timezone.now())
    assert set(Heartbeat.objects.values_list("component", flat=True)) == {"worker", "scheduler"}
