"""Retention runs by itself once a day from 02:00 local time, and only once per day."""

import datetime as dt

import pytest

from zvh.deadlines.calculation import LOCAL_TZ
from zvh.notifications.scheduler import SCHEDULE, scheduler_tick
from zvh.registrations.models import Registration

pytestmark = pytest.mark.django_db


def test_retention_is_on_the_schedule():
    assert "retention" in {job.name for job in SCHEDULE}


def test_the_nightly_tick_removes_what_has_passed_and_a_second_tick_does_nothing(
    make_registration, django_capture_on_commit_callbacks
):
    make_registration(age=dt.timedelta(days=7 * 31))  # referred back: 6 months by default
    make_registration(age=dt.timedelta(days=5 * 30))
    before = Registration.objects.count()
    today = dt.datetime.now(LOCAL_TZ).date()
    early = dt.datetime.combine(today, dt.time(1, 30), tzinfo=LOCAL_TZ)
    night = dt.datetime.combine(today, dt.time(2, 5), tzinfo=LOCAL_TZ)
    assert scheduler_tick(now=early)["retention"] is None  # not due before 02:00
    assert Registration.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        first = scheduler_tick(now=night)["retention"]
    assert first == 1
    assert Registration.objects.count() == before - 1
    later = night + dt.timedelta(hours=3)
    assert scheduler_tick(now=later)["retention"] is None  # the day's run is done
