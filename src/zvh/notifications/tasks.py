"""Background tasks (Django's Tasks API; the django-tasks-db backend runs them in
``manage.py db_worker``)."""

from django_tasks import task

from .outbox import outbox_deliver, outbox_deliver_due


@task()
def deliver_mail(mail_id: int) -> str:
    """Send one stored mail (a no-op when it is not pending and due, or another worker has it)."""
    return outbox_deliver(mail_id=mail_id)


@task()
def deliver_due_mails() -> int:
    """Send every pending mail that is due (enqueued by the scheduler's sweep)."""
    return outbox_deliver_due()
