"""The figures of casework and the integrated approach that annual reports of
Veiligheidshuizen count, and the twelve-month trend.

Rules (one Veiligheidshuis, one period in Dutch local time, as ``selectors``):
- *Meetings held*: meetings of the house that were not cancelled and started in the period,
  before the moment of asking. *Cases on an agenda*: the distinct cases on their agendas.
- An *integrated approach* is a case that ever moved to the status "integrated approach"
  (its history, ``CaseStatusChange``). *Started*: that move happened in the period (a case is
  counted once, however often it moved there). *Running*: now in the integrated approach or in
  aftercare (about the moment of asking, not the period). *Closed*: closed in the period.
- Per *target group*: the target group of the registration that opened the case. Per *form*:
  the form of the plan's current version (approach); a case without a plan yet is "unknown".
- *Closing reasons*: every case closed in the period, by its reason.
- *Duration*: calendar days from the local date a case was opened to the local date it was
  closed, over the cases closed in the period.
- *Agreements*: those of the house's cases due in the period. Done on time: done on or before
  the due date (the local date of ``done_at`` ≤ ``due_on``); done late: after it; open and
  overdue: still open with the due date before today; open: still open, not yet due.
- *Trend*: per month of the twelve months ending with the period's last month (or the current
  month, if that is earlier): registrations received (tombstones included) and cases opened.
- The database counts (grouped counts); the number of queries does not depend on the number of
  cases, meetings or agreements.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.utils.translation import gettext as _

from zvh.approach.models import ApproachForm, PlanVersion
from zvh.casework.models import (
    AgendaItem,
    Agreement,
    Case,
    CaseRegistration,
    CaseStatus,
    CaseStatusChange,
    CloseReason,
    Meeting,
)
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.models import TargetGroup, Veiligheidshuis
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.retention.models import RegistrationTombstone

from .periods import Period, PeriodKind
from .selectors import NONE, Category, categories, count_by, mean_of, median_of

#: How many months the trend shows.
TREND_MONTHS = 12
#: Statuses of a running integrated approach.
RUNNING = (CaseStatus.INTEGRATED_APPROACH, CaseStatus.AFTERCARE)


@dataclass(frozen=True, slots=True, kw_only=True)
class ApproachRow:
    """One row of the integrated approaches by target group or form."""

    key: str
    label: str
    started: int
    running: int
    closed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Duration:
    """Calendar days from opening to closing of the cases closed in the period."""

    cases: int
    mean: float | None
    median: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementCounts:
    done_on_time: int
    done_late: int
    open_overdue: int
    open_not_due: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Month:
    """One month of the trend."""

    start: date
    received: int
    opened: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFigures:
    meetings_held: int
    cases_on_agenda: int
    started: int
    running: int
    closed: int
    by_target_group: tuple[ApproachRow, ...]
    by_form: tuple[ApproachRow, ...]
    close_reasons: tuple[Category, ...]
    duration: Duration
    agreements: AgreementCounts
    trend: tuple[Month, ...]


# --- pure helpers -----------------------------------------------------------------------------


def trend_months(period: Period, *, today: date) -> list[date]:
    """The first days of the twelve months ending with the period's last month, or with the
    current month if the period ends later."""
    last = date(period.end.year, period.end.month, 1)
    last = date(last.year - 1, 12, 1) if last.month == 1 else date(last.year, last.month - 1, 1)
    current = date(today.year, today.month, 1)
    last = min(last, current)
    months = []
    year, month = last.year, last.month
    for _i in range(TREND_MONTHS):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def _month_key(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL_TZ) if value.tzinfo else value
    return date(value.year, value.month, 1)


def per_month(rows: Iterable[Mapping[str, Any]]) -> Counter[date]:
    """Add up rows grouped by a truncated month (``{"month": …, "n": …}``)."""
    totals: Counter[date] = Counter()
    for row in rows:
        key = _month_key(row["month"])
        if key is not None:
            totals[key] += row["n"]
    return totals


def approach_rows(
    rows: Iterable[Mapping[str, Any]], labels: Mapping[str, str], *, unknown: str
) -> tuple[ApproachRow, ...]:
    """Grouped rows (``{"key", "started", "running", "closed"}``) as a table: every labelled
    key in order (zeros included), then unlabelled keys, then the ones without a value."""
    by_key: dict[str, tuple[int, int, int]] = {}
    for row in rows:
        key = NONE if row["key"] is None else str(row["key"])
        old = by_key.get(key, (0, 0, 0))
        by_key[key] = (
            old[0] + row["started"],
            old[1] + row["running"],
            old[2] + row["closed"],
        )
    ordered = [(k, label) for k, label in labels.items()]
    ordered += [(k, k) for k in sorted(by_key) if k not in labels and k != NONE]
    if any(by_key.get(NONE, (0, 0, 0))):
        ordered.append((NONE, unknown))
    return tuple(
        ApproachRow(key=k, label=label, started=s, running=r, closed=c)
        for k, label in ordered
        for s, r, c in [by_key.get(k, (0, 0, 0))]
    )


# --- the queries ------------------------------------------------------------------------------


def _approaches(veiligheidshuis: Veiligheidshuis) -> QuerySet[Case]:
    """The house's cases that ever moved to the integrated approach."""
    ever = CaseStatusChange.objects.filter(
        case=OuterRef("pk"), to_status=CaseStatus.INTEGRATED_APPROACH
    )
    return Case.objects.filter(Exists(ever), veiligheidshuis=veiligheidshuis).order_by()


def _approach_counts(period: Period) -> dict[str, Any]:
    start, end = period.bounds
    started = CaseStatusChange.objects.filter(
        case=OuterRef("pk"),
        to_status=CaseStatus.INTEGRATED_APPROACH,
        at__gte=start,
        at__lt=end,
    )
    return {
        "started": Count("pk", filter=Exists(started)),
        "running": Count("pk", filter=Q(status__in=RUNNING)),
        "closed": Count(
            "pk", filter=Q(status=CaseStatus.CLOSED, closed_at__gte=start, closed_at__lt=end)
        ),
    }


def _grouped_approaches(
    approaches: QuerySet[Case], period: Period, key: Any
) -> list[dict[str, Any]]:
    rows = approaches.values(key=key).annotate(**_approach_counts(period)).order_by()
    return cast(list[dict[str, Any]], list(rows))


def _meetings(veiligheidshuis: Veiligheidshuis, period: Period, now: datetime) -> dict[str, int]:
    start, end = period.bounds
    held = Meeting.objects.filter(
        veiligheidshuis=veiligheidshuis,
        state=Meeting.State.PLANNED,
        starts_at__gte=start,
        starts_at__lt=min(end, now),
    )
    cases = AgendaItem.objects.filter(meeting__in=held).order_by()
    return {
        "held": held.order_by().count(),
        "cases": cases.aggregate(n=Count("case", distinct=True))["n"],
    }


def _agreements(veiligheidshuis: Veiligheidshuis, period: Period, today: date) -> AgreementCounts:
    done = Q(state=Agreement.State.DONE)
    open_ = Q(state=Agreement.State.OPEN)
    counts = (
        Agreement.objects.filter(
            case__veiligheidshuis=veiligheidshuis, due_on__gte=period.start, due_on__lt=period.end
        )
        .annotate(done_on=TruncDate("done_at", tzinfo=LOCAL_TZ))
        .aggregate(
            on_time=Count("pk", filter=done & Q(done_on__lte=F("due_on"))),
            late=Count("pk", filter=done & Q(done_on__gt=F("due_on"))),
            overdue=Count("pk", filter=open_ & Q(due_on__lt=today)),
            not_due=Count("pk", filter=open_ & Q(due_on__gte=today)),
        )
    )
    return AgreementCounts(
        done_on_time=counts["on_time"],
        done_late=counts["late"],
        open_overdue=counts["overdue"],
        open_not_due=counts["not_due"],
    )


def _duration(closed: QuerySet[Case]) -> Duration:
    days = ExpressionWrapper(
        TruncDate("closed_at", tzinfo=LOCAL_TZ) - TruncDate("opened_at", tzinfo=LOCAL_TZ),
        output_field=DurationField(),
    )
    histogram: Counter[int] = Counter()
    for row in closed.values(days=days).annotate(n=Count("pk")).order_by():
        value = row["days"]
        histogram[value.days if hasattr(value, "days") else int(value or 0)] += row["n"]
    return Duration(
        cases=sum(histogram.values()), mean=mean_of(histogram), median=median_of(histogram)
    )


def _trend(veiligheidshuis: Veiligheidshuis, months: list[date]) -> tuple[Month, ...]:
    first = datetime.combine(months[0], time(), tzinfo=LOCAL_TZ)
    after = Period(kind=PeriodKind.MONTH, year=months[-1].year, number=months[-1].month).end
    last = datetime.combine(after, time(), tzinfo=LOCAL_TZ)
    received = (
        Registration.objects.filter(
            veiligheidshuis=veiligheidshuis, received_at__gte=first, received_at__lt=last
        )
        .exclude(status=Status.DRAFT)
        .values(month=TruncMonth("received_at", tzinfo=LOCAL_TZ))
        .annotate(n=Count("pk"))
        .order_by()
    )
    graves = (
        RegistrationTombstone.objects.filter(
            veiligheidshuis=veiligheidshuis, received_on__gte=months[0], received_on__lt=after
        )
        .values(month=TruncMonth("received_on"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    opened = (
        Case.objects.filter(
            veiligheidshuis=veiligheidshuis, opened_at__gte=first, opened_at__lt=last
        )
        .values(month=TruncMonth("opened_at", tzinfo=LOCAL_TZ))
        .annotate(n=Count("pk"))
        .order_by()
    )
    received_per_month = per_month(received) + per_month(graves)
    opened_per_month = per_month(opened)
    return tuple(
        Month(start=m, received=received_per_month[m], opened=opened_per_month[m]) for m in months
    )


def case_figures(*, veiligheidshuis: Veiligheidshuis, period: Period, now: datetime) -> CaseFigures:
    """The casework figures of one Veiligheidshuis for ``period`` (running: at ``now``).

    Twelve queries, whatever the number of cases: meetings and cases on an agenda, the
    approaches per target group and per form, the target groups' labels, the closing reasons and
    their labels, the duration, the agreements, and three for the trend.
    """
    start, end = period.bounds
    today = now.astimezone(LOCAL_TZ).date()
    meetings = _meetings(veiligheidshuis, period, now)
    approaches = _approaches(veiligheidshuis)
    opening = CaseRegistration.objects.filter(case=OuterRef("pk"), opened_case=True).values(
        "registration__target_group_id"
    )[:1]
    current = PlanVersion.objects.filter(
        plan__case=OuterRef("pk"), number=F("plan__current_number")
    ).values("form")[:1]
    by_target_group = _grouped_approaches(approaches, period, Subquery(opening))
    by_form = _grouped_approaches(approaches, period, Subquery(current))
    group_ids = [int(row["key"]) for row in by_target_group if row["key"] is not None]
    target_groups = {
        str(pk): name
        for pk, name in TargetGroup.objects.filter(
            Q(veiligheidshuis=veiligheidshuis) | Q(pk__in=group_ids)
        ).values_list("pk", "name")
    }

    closed = Case.objects.filter(
        veiligheidshuis=veiligheidshuis,
        status=CaseStatus.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    ).order_by()
    reasons = count_by(closed.values("close_reason_id").annotate(n=Count("pk")), "close_reason_id")
    reason_labels = {
        str(pk): name
        for pk, name in CloseReason.objects.filter(
            Q(veiligheidshuis=veiligheidshuis, active=True)
            | Q(pk__in=[int(k) for k in reasons if k != NONE])
        ).values_list("pk", "name")
    }
    form_rows = approach_rows(
        by_form, {v: str(label) for v, label in ApproachForm.choices}, unknown=_("Unknown")
    )
    return CaseFigures(
        meetings_held=meetings["held"],
        cases_on_agenda=meetings["cases"],
        started=sum(row.started for row in form_rows),
        running=sum(row.running for row in form_rows),
        closed=sum(row.closed for row in form_rows),
        by_target_group=approach_rows(by_target_group, target_groups, unknown=_("No target group")),
        by_form=form_rows,
        close_reasons=categories(reasons, reason_labels, unknown=_("No reason given")),
        duration=_duration(closed),
        agreements=_agreements(veiligheidshuis, period, today),
        trend=_trend(veiligheidshuis, trend_months(period, today=today)),
    )
