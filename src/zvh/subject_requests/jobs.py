"""Scheduled mails about the legal term of data-subject requests.

Rules:
- A reminder goes to the Veiligheidshuis's active privacy officers once the end of an open
  request's term is at most ``REMINDER_DAYS`` calendar days away (and not passed); an overdue
  signal once the term has passed without an answer.
- Each term of a request gets at most one reminder and one overdue signal: a
  ``SubjectRequestNotice`` row, unique per (request, kind, due date), is written in the
  transaction of the outbox mail. An extended term is a new term, with its own reminder.
- A mail says the request's reference, the day the term ends and a link: nothing about the
  person or the requester.
- Runs daily from ``NOTICES_FROM`` (local time), through the project's scheduler.
"""

import datetime as dt

import structlog
from django.db.models import QuerySet
from django.urls import reverse

from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.notifications.keys import MailKey
from zvh.notifications.once import sent_once, without_notice
from zvh.notifications.services import absolute_url, active_addresses, send_templated

from .enums import RequestStatus
from .models import SubjectRequest, SubjectRequestNotice

log = structlog.get_logger(__name__)

REMINDER_DAYS = 7
NOTICES_FROM = dt.time(7, 0)


def _without_notice(kind: str) -> QuerySet[SubjectRequest]:
    return without_notice(
        SubjectRequest.objects.filter(status=RequestStatus.OPEN),
        SubjectRequestNotice.objects.filter(kind=kind),
        subject="request",
        deadline="due_on",
    )


def _send(*, request: SubjectRequest, kind: str, template: str, now: dt.datetime, **values) -> bool:
    return sent_once(
        notice=lambda: SubjectRequestNotice.objects.create(
            request=request, kind=kind, due_on=request.due_on, sent_at=now
        ),
        send=lambda: send_templated(
            template=template,
            to=active_addresses(
                veiligheidshuis=request.veiligheidshuis, role=RoleCode.PRIVACY_OFFICER
            ),
            context={
                "veiligheidshuis_obj": request.veiligheidshuis,
                "reference": request.reference,
                "due_on": request.due_on,
                "url": absolute_url(reverse("subject_requests:detail", args=[request.public_id])),
                **values,
            },
            idempotency_key=f"{template}:{request.public_id}:{request.due_on.isoformat()}",
        ),
    )


def subject_request_reminders_send(*, now: dt.datetime) -> int:
    today = now.astimezone(LOCAL_TZ).date()
    sent = 0
    candidates = _without_notice(SubjectRequestNotice.Kind.REMINDER).filter(
        due_on__gte=today, due_on__lte=today + dt.timedelta(days=REMINDER_DAYS)
    )
    for request in candidates:
        sent += _send(
            request=request,
            kind=SubjectRequestNotice.Kind.REMINDER,
            template=MailKey.SUBJECT_REQUEST_REMINDER,
            now=now,
            days_left=(request.due_on - today).days,
        )
    log.info("subject_request_reminders", queued=sent)
    return sent


def subject_request_overdue_send(*, now: dt.datetime) -> int:
    today = now.astimezone(LOCAL_TZ).date()
    sent = 0
    for request in _without_notice(SubjectRequestNotice.Kind.OVERDUE).filter(due_on__lt=today):
        sent += _send(
            request=request,
            kind=SubjectRequestNotice.Kind.OVERDUE,
            template=MailKey.SUBJECT_REQUEST_OVERDUE,
            now=now,
            days_overdue=(today - request.due_on).days,
        )
    log.info("subject_request_overdue", queued=sent)
    return sent


def subject_request_notices_send(*, now: dt.datetime) -> int:
    return subject_request_reminders_send(now=now) + subject_request_overdue_send(now=now)
