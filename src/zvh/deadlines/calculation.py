"""Reply-deadline arithmetic. Pure functions: no database, no clock."""

from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .terms import ReplyTerm, TermUnit

LOCAL_TZ = ZoneInfo("Europe/Amsterdam")


@lru_cache(maxsize=64)
def _dutch_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday, and not a Dutch public holiday as the `holidays` package lists them
    (New Year, Good Friday, Easter Monday, Koningsdag, Ascension, Whit Monday, Christmas, …)."""
    return day.weekday() < 5 and day not in _dutch_holidays(day.year)


@lru_cache(maxsize=4096)
def add_working_days(day: date, amount: int) -> date:
    """The ``amount``-th working day after ``day`` (``day`` itself never counts). Remembered
    per day and amount (pure: the calendar of a given day never changes)."""
    while amount > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            amount -= 1
    return day


def reply_deadline(
    term: ReplyTerm, *, received_at: datetime, suspended: timedelta = timedelta()
) -> datetime:
    """When the registrant must have heard back.

    Calendar terms add days to the moment of receipt; working-day terms count working days in
    Dutch local time (skipping weekends and public holidays) and keep the time of day. Time spent
    waiting for the registrant's information (``suspended``) is added on top.
    """
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    if term.unit == TermUnit.CALENDAR_DAYS:
        return received_at + timedelta(days=term.amount) + suspended
    local = received_at.astimezone(LOCAL_TZ)
    target_day = add_working_days(local.date(), term.amount)
    deadline = datetime.combine(target_day, local.timetz().replace(tzinfo=None), tzinfo=LOCAL_TZ)
    return deadline.astimezone(received_at.tzinfo) + suspended


def working_days_left(*, deadline_at: datetime, now: datetime) -> int:
    """Working days from today until the deadline's day: 0 on the day itself, negative when
    overdue (counting the working days past it)."""
    return working_days_between(
        now.astimezone(LOCAL_TZ).date(), deadline_at.astimezone(LOCAL_TZ).date()
    )


@lru_cache(maxsize=4096)
def working_days_between(today: date, due: date) -> int:
    """Working days from ``today`` to ``due`` (negative when ``due`` is earlier). Remembered per
    pair of dates: a queue page asks it for many rows with the same few deadline days, and
    the answer for two dates never changes."""
    if due == today:
        return 0
    step, sign = (timedelta(days=1), 1) if due > today else (timedelta(days=-1), -1)
    count, day = 0, today
    while day != due:
        day += step
        if is_working_day(day):
            count += 1
    return sign * count


def days_left(*, deadline_at: datetime, now: datetime) -> int:
    """Calendar days from today until the deadline's day (negative when overdue)."""
    return (deadline_at.astimezone(LOCAL_TZ).date() - now.astimezone(LOCAL_TZ).date()).days
