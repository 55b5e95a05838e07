"""Scheduled mails about reply deadlines: reminders, escalations and the screeners' digest.

Rules:
- A reminder goes to the meldpunt (mailbox and active screeners) on a working day when an open
  registration's deadline is at most two working days away and has not passed; an escalation goes
  to the Veiligheidshuis's active managers (the meldpunt mailbox if it has none) once the
  deadline has passed without a decision. A registration waiting for information is skipped: its
  deadline stands still.
- Each deadline of a registration gets at most one reminder and one escalation: a
  ``DeadlineNotice`` row, unique per (registration, kind, deadline), is written in the same
  transaction as the outbox mail, so a repeated or concurrent run finds it (or waits for it and
  fails to insert) and sends nothing.
  A deadline that moved later (an information request suspended it) is a new deadline: it gets
  its own reminder and, if it passes too, its own escalation.
- The digest goes once per Veiligheidshuis per working day to its active screeners (the meldpunt
  mailbox if it has none), and only when something is open or to complete: the drafts the
  meldpunt records on partners' behalf (phone calls, e-mails) and has not submitted yet are
  counted too (a count only, as everything in it); its outbox idempotency key names the
  Veiligheidshuis and the day.
"""

from datetime import datetime, timedelta
from typing import Any

import structlog
from django.urls import reverse

from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ, is_working_day, working_days_left
from zvh.network.models import Veiligheidshuis
from zvh.registrations.models import Registration, Urgency
from zvh.registrations.selectors import MELDPUNT_DRAFT
from zvh.registrations.status import OPEN_STATUSES, Status

from .keys import MailKey
from .models import DeadlineNotice
from .once import sent_once, without_notice
from .services import (
    _meldpunt_addresses,
    _meldpunt_url,
    absolute_url,
    active_addresses,
    send_templated,
)

log = structlog.get_logger(__name__)

REMINDER_WORKING_DAYS = 2
#: Two working days never span more calendar days than this (a weekend plus Christmas).
_REMINDER_HORIZON = timedelta(days=8)
_DECIDING = [s for s in OPEN_STATUSES if s != Status.WAITING_FOR_INFORMATION]


def _without_notice(kind: str):
    deciding = Registration.objects.filter(
        status__in=_DECIDING, deadline_at__isnull=False, veiligheidshuis__isnull=False
    ).exclude(reference=None)
    notices = DeadlineNotice.objects.filter(kind=kind)
    return without_notice(deciding, notices, subject="registration", deadline="deadline_at")


def _key(kind: str, registration: Registration) -> str:
    return f"{kind}:{registration.public_id}:{registration.deadline_at:%Y%m%dT%H%M%S}"


def _send_once(
    *,
    registration: Registration,
    kind: str,
    now: datetime,
    template: MailKey,
    to: list[str],
    **values: Any,
) -> bool:
    """Queue one mail about the registration's deadline to the meldpunt's page, at most once per
    kind of notice and deadline (the ``DeadlineNotice`` row is unique); False if it was sent."""
    return sent_once(
        notice=lambda: DeadlineNotice.objects.create(
            registration=registration, kind=kind, deadline_at=registration.deadline_at, sent_at=now
        ),
        send=lambda: send_templated(
            template=template,
            to=to,
            context={"registration": registration, "url": _meldpunt_url(registration), **values},
            idempotency_key=_key(template.value, registration),
        ),
    )


def deadline_reminders_send(*, now: datetime) -> int:
    """Queue the reminders due at ``now``; returns how many were queued."""
    if not is_working_day(now.astimezone(LOCAL_TZ).date()):
        return 0
    candidates = _without_notice(DeadlineNotice.Kind.REMINDER).filter(
        deadline_at__gt=now, deadline_at__lte=now + _REMINDER_HORIZON
    )
    sent = 0
    for registration in candidates:
        left = working_days_left(deadline_at=registration.deadline_at, now=now)
        if left > REMINDER_WORKING_DAYS:
            continue
        sent += _send_once(
            registration=registration,
            kind=DeadlineNotice.Kind.REMINDER,
            now=now,
            template=MailKey.DEADLINE_REMINDER,
            to=_meldpunt_addresses(registration),
            working_days_left=left,
        )
    log.info("deadline_reminders", queued=sent)
    return sent


def _manager_addresses(veiligheidshuis: Veiligheidshuis) -> list[str]:
    managers = active_addresses(veiligheidshuis=veiligheidshuis, role=RoleCode.MANAGER)
    return managers or [veiligheidshuis.meldpunt_email]


def deadline_escalations_send(*, now: datetime) -> int:
    """Queue the escalations for deadlines passed undecided; returns how many were queued."""
    sent = 0
    for registration in _without_notice(DeadlineNotice.Kind.ESCALATION).filter(deadline_at__lt=now):
        sent += _send_once(
            registration=registration,
            kind=DeadlineNotice.Kind.ESCALATION,
            now=now,
            template=MailKey.DEADLINE_ESCALATION,
            to=_manager_addresses(registration.veiligheidshuis),
            working_days_overdue=-working_days_left(deadline_at=registration.deadline_at, now=now),
        )
    log.info("deadline_escalations", queued=sent)
    return sent


def deadline_notices_send(*, now: datetime) -> int:
    return deadline_reminders_send(now=now) + deadline_escalations_send(now=now)


def screener_digests_send(*, now: datetime) -> int:
    """Queue today's digest for each Veiligheidshuis with open registrations or drafts to
    complete; returns how many."""
    today = now.astimezone(LOCAL_TZ).date()
    if not is_working_day(today):
        return 0
    sent = 0
    for vh in Veiligheidshuis.objects.all():
        open_registrations = Registration.objects.filter(
            veiligheidshuis=vh, status__in=OPEN_STATUSES
        ).exclude(reference=None)
        drafts = Registration.objects.filter(MELDPUNT_DRAFT, veiligheidshuis=vh).count()
        if not drafts and not open_registrations.exists():
            continue
        waiting = open_registrations.filter(status=Status.WAITING_FOR_INFORMATION).count()
        items, overdue, due_soon = [], 0, 0
        for registration in open_registrations.filter(
            status__in=_DECIDING, deadline_at__isnull=False
        ).order_by("deadline_at", "pk"):
            left = working_days_left(deadline_at=registration.deadline_at, now=now)
            if registration.deadline_at < now:
                overdue += 1
            elif left <= REMINDER_WORKING_DAYS:
                due_soon += 1
            else:
                continue
            items.append(
                {
                    "reference": registration.reference,
                    "deadline_at": registration.deadline_at,
                    "working_days_left": left,
                    "url": _meldpunt_url(registration),
                    "urgent": registration.urgency == Urgency.URGENT,
                }
            )
        mail = send_templated(
            template=MailKey.SCREENER_DIGEST,
            to=active_addresses(veiligheidshuis=vh, role=RoleCode.SCREENER) or [vh.meldpunt_email],
            context={
                "veiligheidshuis_obj": vh,
                "url": absolute_url(reverse("triage:queue")),
                "today": now,
                "open_count": open_registrations.count(),
                "due_soon_count": due_soon,
                "overdue_count": overdue,
                "waiting_count": waiting,
                "drafts_count": drafts,
                "urgent_count": open_registrations.filter(urgency=Urgency.URGENT).count(),
                "items": items[:50],
            },
            idempotency_key=f"screener_digest:{vh.code}:{today.isoformat()}",
        )
        sent += mail is not None
    log.info("screener_digests", queued=sent)
    return sent
