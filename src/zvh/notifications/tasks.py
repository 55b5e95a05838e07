"""Background tasks (Django's Tasks API; the django-tasks-db backend runs them in
``manage.py db_worker``)."""

from datetime import datetime, timedelta

import structlog
from django.conf import settings
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .outbox import outbox_deliver, outbox_deliver_due

log = structlog.get_logger(__name__)


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one stored mail (a no-op when it is not pending and due, or another worker has it)."""
    return outbox_deliver(mail_id=mail_id)


@task()
def deliver_due_mails() -> int:
    """Send every pending mail that is due (enqueued by the scheduler's sweep)."""
    return outbox_deliver_due()


def task_results_prune(*, now: datetime) -> int:
    """Delete the worker's bookkeeping of tasks that finished (done or failed) more than
    ``ZVH_TASK_RESULTS_KEEP_DAYS`` ago; tasks still waiting or running are never touched.
    Run daily by the scheduler, so the task table does not grow without end."""
    cutoff = now - timedelta(days=settings.ZVH_TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    log.info("task_results_pruned", count=deleted)
    return deleted
