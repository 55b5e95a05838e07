"""Scheduled casework jobs (``zvh.notifications.scheduler``): a reminder to an agreement's owner
before its due date, and a signal to the chair and procesregisseurs once it is overdue. Each is
sent once per agreement and due date (recorded on the agreement and by the outbox's key)."""

from datetime import datetime, timedelta

import structlog
from django.db import transaction
from django.db.models import F

from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.notifications.keys import MailKey
from zvh.notifications.scheduler import Job, hourly, schedule
from zvh.notifications.services import active_addresses

from .models import Agreement
from .notify import notify_agreement

log = structlog.get_logger(__name__)

DEFAULT_REMINDER_DAYS = 3


def agreement_notices_send(*, now: datetime) -> int:
    """Queue the due reminders and overdue signals; returns how many mails were queued."""
    today = now.astimezone(LOCAL_TZ).date()
    count = 0
    open_agreements = Agreement.objects.filter(state=Agreement.State.OPEN).select_related(
        "owner", "case__veiligheidshuis__casework_settings", "item__meeting__chair"
    )
    horizon = today + timedelta(days=31)
    for agreement in open_agreements.filter(reminded_at__isnull=True, due_on__lte=horizon):
        settings = getattr(agreement.case.veiligheidshuis, "casework_settings", None)
        days = settings.reminder_days_before_due if settings else DEFAULT_REMINDER_DAYS
        if today < agreement.due_on - timedelta(days=days) or today > agreement.due_on:
            continue
        with transaction.atomic():
            if Agreement.objects.filter(pk=agreement.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                notify_agreement(
                    agreement,
                    key=MailKey.AGREEMENT_REMINDER,
                    to=[agreement.owner.email],
                    today=today,
                )
                count += 1
    for agreement in open_agreements.filter(overdue_signalled_at__isnull=True, due_on__lt=today):
        house = agreement.case.veiligheidshuis
        # An agreement of a plan of approach (issue 13) has no agenda item and no chair.
        chair = [agreement.item.meeting.chair.email] if agreement.item is not None else []
        to = [*chair, *active_addresses(veiligheidshuis=house, role=RoleCode.PROCESREGISSEUR)]
        with transaction.atomic():
            if Agreement.objects.filter(pk=agreement.pk, overdue_signalled_at__isnull=True).update(
                overdue_signalled_at=now, version=F("version")
            ):
                notify_agreement(agreement, key=MailKey.AGREEMENT_OVERDUE, to=to, today=today)
                count += 1
    log.info("agreement_notices", count=count)
    return count


schedule(Job("agreement_notices", hourly, agreement_notices_send))
