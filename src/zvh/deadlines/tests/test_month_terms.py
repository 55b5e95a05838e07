"""Terms in calendar months (a data subject's request): examples and properties."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zvh.deadlines.calculation import is_working_day
from zvh.deadlines.months import add_months, month_term_end, subject_request_due

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # a leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month(day, months, expected):
    assert add_months(day, months) == expected


def test_a_term_ending_on_a_weekend_ends_on_the_next_monday():
    # 3 October 2026 + one month = Tuesday 3 November: a working day, kept
    assert month_term_end(date(2026, 10, 3), months=1) == date(2026, 11, 3)
    # 7 October + one month = Saturday 7 November: Monday 9 November
    assert month_term_end(date(2026, 10, 7), months=1) == date(2026, 11, 9)


def test_a_term_ending_on_christmas_moves_past_the_holidays():
    # 25 November + one month = Friday 25 December (Christmas), then Boxing Day, then the
    # weekend: Monday 28 December 2026
    assert month_term_end(date(2026, 11, 25), months=1) == date(2026, 12, 28)


def test_the_extended_term_is_three_months_from_receipt():
    assert subject_request_due(date(2026, 12, 3)) == date(2027, 1, 4)  # 3 Jan 2027 is a Sunday
    assert subject_request_due(date(2026, 12, 3), extended=True) == date(2027, 3, 3)


def test_a_term_of_no_months_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        month_term_end(date(2026, 1, 1), months=0)


@given(day=days, months=st.integers(min_value=1, max_value=24))
def test_the_end_is_after_receipt_on_a_working_day_and_at_most_a_few_days_past_the_month(
    day, months
):
    end = month_term_end(day, months=months)
    plain = add_months(day, months)
    assert end > day
    assert is_working_day(end)
    assert plain <= end <= plain + timedelta(days=5)  # Christmas + weekend at most


@given(day=days)
def test_one_month_is_28_to_36_days(day):
    assert 28 <= (subject_request_due(day) - day).days <= 36


@given(first=days, second=days)
def test_a_later_receipt_never_has_an_earlier_end(first, second):
    first, second = sorted((first, second))
    assert subject_request_due(first) <= subject_request_due(second)


@given(day=days)
def test_the_extension_adds_two_months_and_never_shortens(day):
    extended = subject_request_due(day, extended=True)
    assert extended > subject_request_due(day)
    assert add_months(day, 3) <= extended


@given(day=days, months=st.integers(min_value=-240, max_value=240))
def test_add_months_moves_by_exactly_that_many_months(day, months):
    moved = add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
