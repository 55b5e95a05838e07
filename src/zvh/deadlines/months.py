"""Terms counted in calendar months: the legal term of a data subject's request.

Pure functions: no database, no clock. The rules are those of Regulation (EEC, Euratom) No
1182/71 (periods, dates and time limits), which the GDPR's "within one month of receipt" (art.
12(3)) follows:

- the day of receipt itself is not counted (art. 3(1));
- a period of months ends with the day of the last month that has the same number as the day
  of receipt; when that month is shorter, with its last day (art. 3(2)(c)): 31 January plus one
  month is 28 (or 29) February;
- when that day is a Saturday, a Sunday or a public holiday, the period ends with the next
  working day (art. 3(4)); public holidays are the Dutch ones (``calculation.is_working_day``).
"""

import calendar
from datetime import date, timedelta

from .calculation import is_working_day

#: The GDPR's term (art. 12(3)), and what one extension by two further months makes of it.
SUBJECT_REQUEST_MONTHS = 1
SUBJECT_REQUEST_EXTENSION_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The day with the same number ``months`` calendar months later (earlier when negative);
    the last day of that month when it is shorter."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month_term_end(received_on: date, *, months: int) -> date:
    """The last day of a term of ``months`` (at least one) calendar months from receipt,
    moved to the next working day when it falls on a weekend or a Dutch public holiday."""
    if months < 1:
        raise ValueError("A term in months is at least one month.")
    end = add_months(received_on, months)
    while not is_working_day(end):
        end += timedelta(days=1)
    return end


def subject_request_due(received_on: date, *, extended: bool = False) -> date:
    """The day by which a data subject's request must be answered: one month from receipt, or
    three (one plus the two-month extension) once it has been extended."""
    months = SUBJECT_REQUEST_MONTHS + (SUBJECT_REQUEST_EXTENSION_MONTHS if extended else 0)
    return month_term_end(received_on, months=months)
