"""Background tasks (Django's Tasks API; the django-tasks-db backend runs them in
``manage.py db_worker``)."""

from datetime import datetime, timedelta

import structlog
from django.conf import settings
from django_tasks_db.models import DBTaskResult

# The delivery tasks are defined beside the delivery; their old home stays importable, so tasks
# queued under ``zvh.notifications.tasks.deliver_mail`` before an upgrade still run.
from .outbox import deliver_due_mails, deliver_mail

__all__ = ["deliver_due_mails", "deliver_mail", "task_results_prune"]

log = structlog.get_logger(__name__)


def task_results_prune(*, now: datetime) -> int:
    """Delete the worker's bookkeeping of tasks that finished (done or failed) more than
    ``ZVH_TASK_RESULTS_KEEP_DAYS`` ago; tasks still waiting or running are never touched.
    Run daily by the scheduler, so the task table does not grow without end."""
    cutoff = now - timedelta(days=settings.ZVH_TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    log.info("task_results_pruned", count=deleted)
    return deleted
