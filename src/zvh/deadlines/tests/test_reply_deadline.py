"""The reply deadline: examples from the seeds and properties that hold for every input."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zvh.deadlines.calculation import (
    LOCAL_TZ,
    add_working_days,
    days_left,
    is_working_day,
    reply_deadline,
    working_days_left,
)
from zvh.deadlines.terms import ReplyTerm, TermUnit

TWO_WEEKS = ReplyTerm(amount=14, unit=TermUnit.CALENDAR_DAYS)
ONE_WEEK = ReplyTerm(amount=7, unit=TermUnit.CALENDAR_DAYS)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_TZ)


def test_sittard_two_weeks_after_receipt():
    assert reply_deadline(TWO_WEEKS, received_at=local(2026, 11, 23, 16, 45)) == local(
        2026, 12, 7, 16, 45
    )


def test_maastricht_one_week_after_receipt_even_across_a_weekend():
    assert reply_deadline(ONE_WEEK, received_at=local(2026, 11, 27, 9, 0)) == local(
        2026, 12, 4, 9, 0
    )


def test_calendar_days_count_wall_clock_time_across_daylight_saving():
    # 24 hours times seven, in UTC: the local hour shifts by one across the end of summer time.
    received = local(2026, 10, 22, 12, 0)
    deadline = reply_deadline(ONE_WEEK, received_at=received)
    assert deadline - received == timedelta(days=7)


def test_working_days_skip_the_weekend():
    five = ReplyTerm(amount=5, unit=TermUnit.WORKING_DAYS)
    # Friday 20 November 2026 + 5 working days = Friday 27 November.
    assert reply_deadline(five, received_at=local(2026, 11, 20, 10, 0)) == local(
        2026, 11, 27, 10, 0
    )


def test_working_days_skip_kings_day_and_easter():
    two = ReplyTerm(amount=2, unit=TermUnit.WORKING_DAYS)
    # Friday 24 April 2026; Monday 27 April is Koningsdag: Tuesday 28 and Wednesday 29 count.
    assert reply_deadline(two, received_at=local(2026, 4, 24, 11, 0)) == local(2026, 4, 29, 11, 0)
    # Thursday 2 April 2026: Good Friday 3 April and Easter Monday 6 April do not count.
    assert reply_deadline(two, received_at=local(2026, 4, 2, 11, 0)) == local(2026, 4, 8, 11, 0)


def test_christmas_and_new_year_are_not_working_days():
    for day in (date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)):
        assert not is_working_day(day)
    assert is_working_day(date(2026, 12, 24))


def test_suspension_is_added_on_top():
    received = local(2026, 11, 23, 9, 0)
    waited = timedelta(days=3, hours=4)
    assert reply_deadline(ONE_WEEK, received_at=received, suspended=waited) == local(
        2026, 12, 3, 13, 0
    )


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        reply_deadline(ONE_WEEK, received_at=datetime(2026, 11, 23, 9, 0))  # noqa: DTZ001


def test_a_term_of_zero_days_cannot_exist():
    with pytest.raises(ValueError, match="at least one day"):
        ReplyTerm(amount=0, unit=TermUnit.CALENDAR_DAYS)


def test_days_left_and_working_days_left():
    now = local(2026, 11, 23, 15, 0)  # a Monday
    assert days_left(deadline_at=local(2026, 11, 30, 9, 0), now=now) == 7
    assert working_days_left(deadline_at=local(2026, 11, 25, 9, 0), now=now) == 2
    assert working_days_left(deadline_at=local(2026, 11, 23, 23, 0), now=now) == 0
    assert working_days_left(deadline_at=local(2026, 11, 20, 9, 0), now=now) == -1
    assert days_left(deadline_at=local(2026, 11, 20, 9, 0), now=now) == -3


moments = st.datetimes(
    min_value=datetime(2020, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
    max_value=datetime(2035, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
terms = st.builds(
    ReplyTerm, amount=st.integers(min_value=1, max_value=60), unit=st.sampled_from(TermUnit)
)
waits = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=90))


@given(term=terms, received_at=moments, suspended=waits)
def test_a_deadline_is_never_before_receipt(term, received_at, suspended):
    assert reply_deadline(term, received_at=received_at, suspended=suspended) > received_at


@given(term=terms, received_at=moments, suspended=waits)
def test_the_deadline_grows_by_exactly_the_suspended_time(term, received_at, suspended):
    plain = reply_deadline(term, received_at=received_at)
    assert reply_deadline(term, received_at=received_at, suspended=suspended) == plain + suspended


@given(amount=st.integers(min_value=1, max_value=60), received_at=moments)
def test_a_working_day_deadline_falls_on_a_working_day(amount, received_at):
    term = ReplyTerm(amount=amount, unit=TermUnit.WORKING_DAYS)
    deadline = reply_deadline(term, received_at=received_at).astimezone(LOCAL_TZ)
    assert is_working_day(deadline.date())
    assert deadline.date().weekday() < 5


@given(amount=st.integers(min_value=1, max_value=60), received_at=moments)
def test_working_days_are_never_fewer_calendar_days_than_asked(amount, received_at):
    start = received_at.astimezone(LOCAL_TZ).date()
    end = add_working_days(start, amount)
    assert (end - start).days >= amount
    counted = sum(
        is_working_day(start + timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )
    assert counted == amount


@given(amount=st.integers(min_value=1, max_value=60), received_at=moments)
def test_calendar_terms_add_exactly_that_many_days(amount, received_at):
    term = ReplyTerm(amount=amount, unit=TermUnit.CALENDAR_DAYS)
    assert reply_deadline(term, received_at=received_at) - received_at == timedelta(days=amount)
