"""A Veiligheidshuis's retention periods as values, and the month arithmetic they need."""

import calendar
import datetime as dt
from dataclasses import dataclass

from zvh.network.enums import Outcome

from .models import (
    DEFAULT_DRAFT_DAYS,
    DEFAULT_INTEGRATED_APPROACH_AFTER_CLOSURE,
    DEFAULT_MONTHS,
    RetentionPolicy,
)


def _after_closure(integrated_approach: bool) -> frozenset[Outcome]:
    return frozenset({Outcome.INTEGRATED_APPROACH} if integrated_approach else ())


@dataclass(frozen=True, slots=True, kw_only=True)
class Periods:
    draft_days: int
    months: dict[Outcome, int]
    #: The outcomes whose months count from the closing of the case instead of the decision.
    after_closure: frozenset[Outcome] = frozenset()

    @classmethod
    def defaults(cls) -> "Periods":
        return cls(
            draft_days=DEFAULT_DRAFT_DAYS,
            months=dict(DEFAULT_MONTHS),
            after_closure=_after_closure(DEFAULT_INTEGRATED_APPROACH_AFTER_CLOSURE),
        )

    @classmethod
    def of(cls, policy: RetentionPolicy | None) -> "Periods":
        """The policy's periods; the shipped defaults when there is no policy."""
        if policy is None:
            return cls.defaults()
        return cls(
            draft_days=policy.draft_days,
            months={
                Outcome.REFER_ELSEWHERE: policy.refer_elsewhere_months,
                Outcome.REFER_BACK: policy.refer_back_months,
                Outcome.CONSULTATION_AGENDA: policy.consultation_agenda_months,
                Outcome.INTEGRATED_APPROACH: policy.integrated_approach_months,
            },
            after_closure=_after_closure(policy.integrated_approach_after_closure),
        )


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier; the last day of that month
    when it is shorter (31 May minus three months is 28 or 29 February)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)
