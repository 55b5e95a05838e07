"""Periods: years, quarters and months, cut at midnight Dutch time."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zvh.deadlines.calculation import LOCAL_TZ
from zvh.reporting.periods import Period, PeriodKind


@pytest.mark.parametrize(
    ("period", "start", "end", "slug"),
    [
        (Period(kind=PeriodKind.YEAR, year=2026), date(2026, 1, 1), date(2027, 1, 1), "2026"),
        (
            Period(kind=PeriodKind.QUARTER, year=2026, number=4),
            date(2026, 10, 1),
            date(2027, 1, 1),
            "2026-Q4",
        ),
        (
            Period(kind=PeriodKind.QUARTER, year=2026, number=2),
            date(2026, 4, 1),
            date(2026, 7, 1),
            "2026-Q2",
        ),
        (
            Period(kind=PeriodKind.MONTH, year=2026, number=12),
            date(2026, 12, 1),
            date(2027, 1, 1),
            "2026-12",
        ),
        (
            Period(kind=PeriodKind.MONTH, year=2026, number=2),
            date(2026, 2, 1),
            date(2026, 3, 1),
            "2026-02",
        ),
    ],
)
def test_a_period_runs_from_its_first_day_to_the_next_periods(period, start, end, slug):
    assert (period.start, period.end, period.slug) == (start, end, slug)


def test_the_bounds_are_local_midnight():
    start, end = Period(kind=PeriodKind.MONTH, year=2026, number=3).bounds
    # 1 March is winter time (UTC+1); 1 April summer time (UTC+2)
    assert start.astimezone(UTC) == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    assert start == datetime(2026, 3, 1, tzinfo=LOCAL_TZ)


@pytest.mark.parametrize(
    ("kind", "number"), [(PeriodKind.QUARTER, 5), (PeriodKind.MONTH, 0), (PeriodKind.YEAR, 2)]
)
def test_a_part_that_does_not_exist_is_refused(kind, number):
    with pytest.raises(ValueError, match="does not exist"):
        Period(kind=kind, year=2026, number=number)


def test_labels_are_dutch():
    assert Period(kind=PeriodKind.YEAR, year=2026).label == "2026"
    assert Period(kind=PeriodKind.QUARTER, year=2026, number=4).label == "2026, kwartaal 4"
    assert Period(kind=PeriodKind.MONTH, year=2026, number=11).label == "november 2026"


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), st.sampled_from(PeriodKind)
)
def test_every_day_falls_in_exactly_its_period(day, kind):
    period = Period.containing(day, kind=kind)
    assert period.start <= day < period.end
    following = Period.containing(period.end, kind=kind)
    assert following.start == period.end
