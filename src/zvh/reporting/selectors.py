"""The manager's figures: counts per period over the live registrations AND the tombstones that
retention left of removed ones, so removing personal data never changes the statistics.

Rules:
- One Veiligheidshuis at a time: the caller passes the manager's own (the pages never take a
  Veiligheidshuis from the request).
- Drafts never count. A registration counts as *received* in the period of its moment of
  receipt and as *decided* in the period of its decision, in Dutch local time (``periods``);
  tombstones keep those dates as local dates.
- *Late* is ``decided_late``, stored at the decision (after the reply deadline, with the time
  waiting for information added). *Within the term* is a decision that was not late.
- *Days to decision* are calendar days from the local date of receipt to the local date of the
  decision (tombstones keep dates only, so live registrations are counted the same way).
- The breakdowns by target group, municipality (of the main person), channel and kind of
  registering organisation are over the registrations received in the period; the breakdown by
  outcome over those decided in it; information requests over those received in it (a
  tombstone keeps their number, not their dates).
- *Open now* and *overdue now* are about the moment of asking, not the period: open means
  received, screening or waiting for information; overdue uses the queue's rule
  (``triage.selectors.deadline_state``): past the reply deadline, where the clock stood still
  while waiting for information.
- The database does the counting (grouped counts and sums); Python only adds up a handful of
  groups. The number of queries is the same whatever the number of registrations.

Nothing here identifies a person or a case: only counts, labels of configuration and averages.
What a manager may see of them (small numbers hidden) is ``disclosure``'s business.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import fmean
from typing import Any

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from zvh.deadlines.calculation import LOCAL_TZ
from zvh.network.enums import OrganisationKind, Outcome
from zvh.network.models import Municipality, TargetGroup, Veiligheidshuis
from zvh.registrations.models import Channel, Registration, Relation
from zvh.registrations.status import DECIDED_STATUSES, OPEN_STATUSES, Status
from zvh.retention.models import RegistrationTombstone

from .periods import Period

#: The key of the group of registrations without a value (no target group, municipality, …).
NONE = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Category:
    """One row of a breakdown: a category (its key and label) and how many."""

    key: str
    label: str
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DaysToDecision:
    """Calendar days from receipt to decision of the decisions in the period."""

    decisions: int
    mean: float | None
    median: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Figures:
    """A Veiligheidshuis's figures for one period (and, for open and overdue, at one moment)."""

    period: Period
    received: int
    decided: int
    decided_in_time: int
    decided_late: int
    open_now: int
    overdue_now: int
    information_requests: int
    registrations_with_requests: int
    days_to_decision: DaysToDecision
    by_outcome: tuple[Category, ...]
    by_target_group: tuple[Category, ...]
    by_municipality: tuple[Category, ...]
    by_channel: tuple[Category, ...]
    by_registrant_kind: tuple[Category, ...]


# --- pure helpers -----------------------------------------------------------------------------


def count_by(rows: Iterable[Mapping[str, Any]], key: str, *, count: str = "n") -> Counter[str]:
    """Add up grouped rows (``{key: value, count: n}``) per value; None becomes ``NONE``."""
    totals: Counter[str] = Counter()
    for row in rows:
        value = row[key]
        totals[NONE if value is None else str(value)] += row[count]
    return totals


def median_of(histogram: Mapping[int, int]) -> float | None:
    """The median of a distribution given as {value: how often}; None when it is empty."""
    total = sum(histogram.values())
    if total == 0:
        return None
    middle = ((total - 1) // 2, total // 2)  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        while len(found) < 2 and seen > middle[len(found)]:
            found.append(value)
    return (found[0] + found[1]) / 2


def mean_of(histogram: Mapping[int, int]) -> float | None:
    """The mean of a distribution given as {value: how often}; None when it is empty."""
    total = sum(histogram.values())
    if total == 0:
        return None
    return fmean(histogram.keys(), weights=histogram.values())


def categories(
    counts: Counter[str], labels: Mapping[str, str], *, unknown: str
) -> tuple[Category, ...]:
    """Every labelled category in the order of ``labels`` (zero included), then any counted
    category without a label (by key), then the registrations without a value (``unknown``),
    if any."""
    rows = [Category(key=k, label=label, count=counts.get(k, 0)) for k, label in labels.items()]
    extra = sorted(key for key in counts if key not in labels and key != NONE)
    rows += [Category(key=key, label=key, count=counts[key]) for key in extra]
    if counts.get(NONE):
        rows.append(Category(key=NONE, label=unknown, count=counts[NONE]))
    return tuple(rows)


# --- the queries ------------------------------------------------------------------------------


def _live(veiligheidshuis: Veiligheidshuis) -> QuerySet[Registration]:
    """The submitted registrations of the Veiligheidshuis (never drafts)."""
    return (
        Registration.objects.filter(veiligheidshuis=veiligheidshuis, received_at__isnull=False)
        .exclude(status=Status.DRAFT)
        .order_by()
    )


def overdue_now(now: datetime) -> Q:
    """Open and past the reply deadline at ``now``; while waiting for information the clock
    stands still, so a waiting registration is overdue only if it already was when the request
    went out (the rule of ``triage.selectors.deadline_state``)."""
    running = Q(status__in=[Status.RECEIVED, Status.SCREENING], deadline_at__lt=now)
    waiting = Q(status=Status.WAITING_FOR_INFORMATION) & (
        Q(waiting_since__isnull=False, deadline_at__lt=F("waiting_since"))
        | Q(waiting_since__isnull=True, deadline_at__lt=now)
    )
    return running | waiting


def _grouped(
    queryset: QuerySet[Any], *fields: str, **expressions: Combinable
) -> list[dict[str, Any]]:
    return list(queryset.values(*fields, **expressions).annotate(n=Count("pk")).order_by())


def _days(value: timedelta | int | None) -> int:
    if isinstance(value, timedelta):
        return value.days
    return int(value or 0)


def registration_figures(
    *, veiligheidshuis: Veiligheidshuis, period: Period, now: datetime
) -> Figures:
    """The figures of one Veiligheidshuis for ``period`` (open and overdue: at ``now``).

    Seventeen queries, whatever the number of registrations: a grouped count per breakdown over
    the live registrations and one over the tombstones, the labels of the Veiligheidshuis's
    target groups and municipalities, and one for open and overdue.
    """
    start, end = period.bounds
    live = _live(veiligheidshuis)
    received = live.filter(received_at__gte=start, received_at__lt=end)
    decided = live.filter(status__in=DECIDED_STATUSES, decided_at__gte=start, decided_at__lt=end)
    graves = RegistrationTombstone.objects.filter(veiligheidshuis=veiligheidshuis).order_by()
    graves_received = graves.filter(received_on__gte=period.start, received_on__lt=period.end)
    graves_decided = graves.filter(decided_on__gte=period.start, decided_on__lt=period.end)

    by_channel = count_by(_grouped(received, "channel"), "channel") + count_by(
        _grouped(graves_received, "channel"), "channel"
    )
    by_kind = count_by(
        _grouped(received, kind=F("registrant_organisation__kind")), "kind"
    ) + count_by(_grouped(graves_received, kind=F("registrant_kind")), "kind")
    by_target_group = count_by(_grouped(received, "target_group_id"), "target_group_id") + (
        count_by(_grouped(graves_received, "target_group_id"), "target_group_id")
    )
    main = received.annotate(
        main=FilteredRelation("persons", condition=Q(persons__relation=Relation.MAIN))
    )
    by_municipality = count_by(
        _grouped(main, municipality=F("main__municipality_id")), "municipality"
    ) + count_by(_grouped(graves_received, "municipality_id"), "municipality_id")

    outcomes = _grouped(decided, "decided_late", outcome=F("decision__outcome")) + _grouped(
        graves_decided, "decided_late", "outcome"
    )
    by_outcome = count_by(outcomes, "outcome")
    late = sum(row["n"] for row in outcomes if row["decided_late"] is True)
    in_time = sum(row["n"] for row in outcomes if row["decided_late"] is False)

    live_days = ExpressionWrapper(
        TruncDate("decided_at", tzinfo=LOCAL_TZ) - TruncDate("received_at", tzinfo=LOCAL_TZ),
        output_field=DurationField(),
    )
    grave_days = ExpressionWrapper(F("decided_on") - F("received_on"), output_field=DurationField())
    histogram: Counter[int] = Counter()
    for row in _grouped(decided, days=live_days) + _grouped(graves_decided, days=grave_days):
        histogram[_days(row["days"])] += row["n"]

    live_requests = received.aggregate(
        requests=Count("information_requests"),
        asked=Count("pk", filter=Q(information_requests__isnull=False), distinct=True),
    )
    grave_requests = graves_received.aggregate(
        requests=Sum("information_requests"),
        asked=Count("pk", filter=Q(information_requests__gt=0)),
    )
    now_counts = live.filter(status__in=OPEN_STATUSES).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=overdue_now(now))
    )

    target_groups = {
        str(pk): name
        for pk, name in TargetGroup.objects.filter(
            Q(veiligheidshuis=veiligheidshuis) | Q(pk__in=_ids(by_target_group))
        ).values_list("pk", "name")
    }
    municipalities = {
        str(pk): name
        for pk, name in Municipality.objects.filter(
            Q(veiligheidshuis=veiligheidshuis) | Q(pk__in=_ids(by_municipality))
        ).values_list("pk", "name")
    }
    offered = dict(veiligheidshuis.outcome_choices())
    outcome_labels = {
        value: str(label)
        for value, label in Outcome.choices
        if value in offered or by_outcome.get(value)
    }

    return Figures(
        period=period,
        received=sum(by_channel.values()),
        decided=sum(by_outcome.values()),
        decided_in_time=in_time,
        decided_late=late,
        open_now=now_counts["open"],
        overdue_now=now_counts["overdue"],
        information_requests=(live_requests["requests"] or 0) + (grave_requests["requests"] or 0),
        registrations_with_requests=live_requests["asked"] + grave_requests["asked"],
        days_to_decision=DaysToDecision(
            decisions=sum(histogram.values()),
            mean=mean_of(histogram),
            median=median_of(histogram),
        ),
        by_outcome=categories(by_outcome, outcome_labels, unknown=_("Unknown")),
        by_target_group=categories(by_target_group, target_groups, unknown=_("No target group")),
        by_municipality=categories(by_municipality, municipalities, unknown=_("Unknown")),
        by_channel=categories(
            by_channel, {v: str(label) for v, label in Channel.choices}, unknown=_("Unknown")
        ),
        by_registrant_kind=categories(
            by_kind, {v: str(label) for v, label in OrganisationKind.choices}, unknown=_("Unknown")
        ),
    )


def _ids(counts: Counter[str]) -> list[int]:
    return [int(key) for key in counts if key != NONE]
