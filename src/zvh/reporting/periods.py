"""Reporting periods: a calendar year, quarter or month in Dutch local time (Europe/Amsterdam).

Pure values: no database, no clock. A period runs from local midnight on its first day up to (not
including) local midnight on the first day of the next period, so a registration received at
23:30 on 31 March (Amsterdam) counts in March and in the first quarter, whatever UTC says.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zvh.deadlines.calculation import LOCAL_TZ


class PeriodKind(models.TextChoices):
    YEAR = "year", gettext_lazy("Year")
    QUARTER = "quarter", gettext_lazy("Quarter")
    MONTH = "month", gettext_lazy("Month")


#: How many numbered parts a year has per kind of period.
PARTS = {PeriodKind.YEAR: 1, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}
_MONTHS_PER_PART = {PeriodKind.YEAR: 12, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    """One year (``number`` 1), one quarter (1 to 4) or one month (1 to 12) of ``year``."""

    kind: PeriodKind
    year: int
    number: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.number <= PARTS[self.kind]:
            raise ValueError(f"{self.kind} {self.number} does not exist")
        if not 1 <= self.year <= 9998:
            raise ValueError(f"year {self.year} is out of range")

    @classmethod
    def containing(cls, day: date, *, kind: PeriodKind) -> "Period":
        """The period of ``kind`` that ``day`` falls in."""
        number = (day.month - 1) // _MONTHS_PER_PART[kind] + 1
        return cls(kind=kind, year=day.year, number=number)

    @property
    def start(self) -> date:
        """The first day."""
        return date(self.year, (self.number - 1) * _MONTHS_PER_PART[self.kind] + 1, 1)

    @property
    def end(self) -> date:
        """The day after the last day (the first day of the next period)."""
        month = self.start.month + _MONTHS_PER_PART[self.kind]
        return date(self.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware moments: local midnight at the start and after the end."""
        return (
            datetime.combine(self.start, time(), tzinfo=LOCAL_TZ),
            datetime.combine(self.end, time(), tzinfo=LOCAL_TZ),
        )

    @property
    def label(self) -> str:
        """ "2026", "2026, quarter 4" or "November 2026", in the active language."""
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.QUARTER:
            return _("%(year)s, quarter %(number)s") % {"year": self.year, "number": self.number}
        return formats.date_format(self.start, "F Y")

    @property
    def slug(self) -> str:
        """For file names: 2026, 2026-Q4, 2026-11."""
        if self.kind == PeriodKind.YEAR:
            return str(self.year)
        if self.kind == PeriodKind.QUARTER:
            return f"{self.year}-Q{self.number}"
        return f"{self.year}-{self.number:02d}"
