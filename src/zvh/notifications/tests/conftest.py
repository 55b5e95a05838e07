"""The outbox tests run the real worker of django-tasks-db in-process against the test database,
with back-off shortened to milliseconds."""

import time
from collections.abc import Callable

import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from zvh.notifications.models import OutgoingMail

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_tasks(settings):
    """Tasks go to the database queue (as in production) instead of running at once."""
    settings.TASKS = DB_TASKS
    settings.ZVH_OUTBOX_BACKOFF_SECONDS = 0.02
    settings.ZVH_OUTBOX_BACKOFF_MAX_SECONDS = 0.2
    settings.ZVH_OUTBOX_MAX_ATTEMPTS = 10_000
    settings.ZVH_MAIL_MESSAGE_ID_DOMAIN = "zvh-tests.invalid"
    return settings


def make_worker(worker_id: str = "test-worker", *, batch: bool = True) -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0.01,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker() -> None:
    """``manage.py db_worker --batch``, in-process: run every task that is ready, then return."""
    make_worker().run()


def work_until(done: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the worker (in batches, as retries fall due) until ``done()``."""
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            counts = {
                status: OutgoingMail.objects.filter(status=status).count()
                for status in OutgoingMail.Status
            }
            raise AssertionError(f"not done within {timeout}s; outbox: {counts}")
        run_worker()
        time.sleep(0.01)


def statuses() -> dict[str, int]:
    return {s: OutgoingMail.objects.filter(status=s).count() for s in OutgoingMail.Status}


@pytest.fixture
def close_thread_connection():
    """For code run in threads: each thread closes its own database connection at the end."""

    def _close() -> None:
        connection.close()

    return _close
