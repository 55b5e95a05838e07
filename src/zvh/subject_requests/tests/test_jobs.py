"""Reminders before the term ends and a signal when it has passed, through the outbox and the
scheduler: once per term, to the privacy officers, with no personal data."""

import datetime as dt

import pytest

from zvh.deadlines.calculation import LOCAL_TZ
from zvh.notifications.keys import MailKey
from zvh.notifications.models import OutgoingMail
from zvh.notifications.scheduler import SCHEDULE, scheduler_tick
from zvh.subject_requests.jobs import subject_request_notices_send
from zvh.subject_requests.services import subject_request_extend

from .conftest import ADDRESS, BSN

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LOCAL_TZ)


def mails(key: str) -> list[OutgoingMail]:
    return list(OutgoingMail.objects.filter(template_key=key).order_by("pk"))


def test_the_job_is_scheduled_daily():
    assert "subject_request_notices" in [job.name for job in SCHEDULE]


def test_a_reminder_a_week_before_the_end_then_an_overdue_signal_once_each(make_request, officer):
    request = make_request()  # due Monday 4 January 2027
    assert subject_request_notices_send(now=at(dt.date(2026, 12, 27))) == 0  # 8 days before
    assert subject_request_notices_send(now=at(dt.date(2026, 12, 28))) == 1
    assert subject_request_notices_send(now=at(dt.date(2026, 12, 29))) == 0  # once
    (reminder,) = mails(MailKey.SUBJECT_REQUEST_REMINDER)
    assert reminder.recipients == [officer.email]
    assert request.reference in reminder.subject
    assert f"/privacy/verzoeken/{request.public_id}/" in reminder.body
    assert "7 dagen" in reminder.body
    assert subject_request_notices_send(now=at(dt.date(2027, 1, 4))) == 0  # the last day
    assert subject_request_notices_send(now=at(dt.date(2027, 1, 5))) == 1
    assert subject_request_notices_send(now=at(dt.date(2027, 1, 6))) == 0
    (overdue,) = mails(MailKey.SUBJECT_REQUEST_OVERDUE)
    assert "verstreken" in overdue.body
    for mail in (reminder, overdue):
        text = mail.subject + mail.body
        for personal in (BSN, "Dijk", "Jan Pieter", "Teststraat", ADDRESS, "1980"):
            assert personal not in text


def test_an_extended_term_gets_its_own_reminder(make_request, officer):
    request = make_request()
    subject_request_notices_send(now=at(dt.date(2026, 12, 28)))
    subject_request_extend(
        request=request,
        by=officer,
        reason="Complex",
        notice_on=dt.date(2026, 12, 28),
        notice_means="letter",
        now=at(dt.date(2026, 12, 28), 12),
        client_address="",
    )
    assert subject_request_notices_send(now=at(dt.date(2027, 1, 5))) == 0  # not overdue now
    assert subject_request_notices_send(now=at(dt.date(2027, 2, 22))) == 1  # due 1 March
    assert len(mails(MailKey.SUBJECT_REQUEST_REMINDER)) == 2


def test_an_answered_request_gets_nothing(make_request, officer):
    from zvh.subject_requests.services import subject_request_answer

    request = make_request(kind="erasure")
    subject_request_answer(
        request=request,
        by=officer,
        decision="refused",
        ground="Wettelijke bewaarplicht",
        answered_on=dt.date(2026, 12, 3),
        now=at(dt.date(2026, 12, 3), 12),
        client_address="",
    )
    assert subject_request_notices_send(now=at(dt.date(2027, 1, 5))) == 0


def test_the_scheduler_runs_it_once_a_day_from_seven(make_request):
    make_request()
    early = scheduler_tick(now=at(dt.date(2027, 1, 5), 6))
    assert early["subject_request_notices"] is None
    assert scheduler_tick(now=at(dt.date(2027, 1, 5), 7))["subject_request_notices"] == 1
    assert scheduler_tick(now=at(dt.date(2027, 1, 5), 9))["subject_request_notices"] is None
