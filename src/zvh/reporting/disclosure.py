"""What a manager may see of the figures: small numbers are hidden, so that nobody can be
recognised from a cell ("the one registration from Meerssen by youth care in March").

Rules (``ZVH_REPORTING_MIN_CELL``, default 5; 1 switches hiding off):
- A count of 1 up to the threshold minus one is shown as "<threshold" (with 5: 1 to 4 become
  "<5"). Zero and counts from the threshold up are shown as they are.
- The average and median days to decision are shown only when they rest on at least the
  threshold number of decisions.
- The share decided within the term is shown only when both of its counts are shown.
- The web page and the CSV export are made from the same ``Disclosed`` tables, so both hide the
  same cells.

Hiding is per cell. A hidden cell can sometimes be worked out from a total and the other cells
of a breakdown (secondary disclosure); complementary hiding is not done.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from .chart import Chart
from .periods import Period
from .selectors import Category, Figures

DEFAULT_MIN_CELL = 5
#: Shown where there is nothing to show (no decisions, no share).
NOTHING = "\N{EN DASH}"


def min_cell() -> int:
    """The configured threshold (at least 1)."""
    return max(int(getattr(settings, "ZVH_REPORTING_MIN_CELL", DEFAULT_MIN_CELL)), 1)


def hidden(count: int, *, threshold: int) -> bool:
    return 0 < count < threshold


def shown(count: int, *, threshold: int) -> str:
    """The count as a manager sees it: "<5" for 1 to 4 (with threshold 5), else the number
    (without thousands separators, so the CSV export reads the same in every language)."""
    if hidden(count, threshold=threshold):
        return f"<{threshold}"
    return str(count)


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """One row of a table: what is counted and the value as shown."""

    label: str
    value: str
    hidden: bool = False
    #: The values of further columns (a table of several columns), as shown.
    others: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return (self.value, *self.others)


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    key: str
    caption: str
    #: The headings of the first column (what the rows are) and of the second (the values).
    heading: str
    value_heading: str
    lines: tuple[Line, ...]
    #: The headings of further value columns, if any.
    other_headings: tuple[str, ...] = ()

    @property
    def value_headings(self) -> tuple[str, ...]:
        return (self.value_heading, *self.other_headings)


@dataclass(frozen=True, slots=True, kw_only=True)
class Disclosed:
    """The figures of one period as a manager may see them."""

    veiligheidshuis: str
    period: Period
    threshold: int
    tables: tuple[Table, ...]
    #: Casework and the integrated approach (``case_disclosure``), and the trend with its chart.
    case_tables: tuple[Table, ...] = ()
    trend: Table | None = None
    chart: Chart | None = None

    @property
    def all_tables(self) -> tuple[Table, ...]:
        """Every table, in the order of the page: what the exports hold."""
        return (*self.tables, *self.case_tables, *((self.trend,) if self.trend else ()))

    @property
    def any_hidden(self) -> bool:
        return any(line.hidden for table in self.all_tables for line in table.lines)


def _count(label: str, count: int, threshold: int) -> Line:
    return Line(
        label=label,
        value=shown(count, threshold=threshold),
        hidden=hidden(count, threshold=threshold),
    )


def _days(label: str, value: float | None, decisions: int, threshold: int) -> Line:
    if value is None:
        return Line(label=label, value=NOTHING)
    if decisions < threshold:
        return Line(
            label=label,
            value=_("fewer than %(n)s decisions") % {"n": threshold},
            hidden=True,
        )
    return Line(label=label, value=formats.number_format(round(value, 1), decimal_pos=1))


def _share(in_time: int, late: int, threshold: int, *, label: str | None = None) -> Line:
    """The share of ``in_time`` in ``in_time + late`` as a percentage; hidden when either
    count is small."""
    label = label or _("Share decided within the term")
    if in_time + late == 0:
        return Line(label=label, value=NOTHING)
    if hidden(in_time, threshold=threshold) or hidden(late, threshold=threshold):
        return Line(label=label, value=_("not shown"), hidden=True)
    share = 100 * in_time / (in_time + late)
    return Line(label=label, value=f"{formats.number_format(round(share, 1), decimal_pos=1)}%")


def _breakdown(
    key: str, caption: str, heading: str, rows: tuple[Category, ...], threshold: int
) -> Table:
    return Table(
        key=key,
        caption=caption,
        heading=heading,
        value_heading=_("Number"),
        lines=tuple(_count(row.label, row.count, threshold) for row in rows),
    )


def disclose(figures: Figures, *, veiligheidshuis: str, threshold: int) -> Disclosed:
    """The tables of the page and the export, with small numbers hidden."""
    f, t = figures, threshold
    days = f.days_to_decision
    totals = Table(
        key="totals",
        caption=_("Registrations and decisions"),
        heading=_("Figure"),
        value_heading=_("Value"),
        lines=(
            _count(_("Registrations received"), f.received, t),
            _count(_("Registrations decided"), f.decided, t),
            _count(_("Decided within the term"), f.decided_in_time, t),
            _count(_("Decided after the term"), f.decided_late, t),
            _share(f.decided_in_time, f.decided_late, t),
            _days(_("Average days to decision"), days.mean, days.decisions, t),
            _days(_("Median days to decision"), days.median, days.decisions, t),
            _count(_("Information requests"), f.information_requests, t),
            _count(
                _("Registrations with an information request"), f.registrations_with_requests, t
            ),
        ),
    )
    now = Table(
        key="now",
        caption=_("At this moment"),
        heading=_("Figure"),
        value_heading=_("Number"),
        lines=(
            _count(_("Open registrations"), f.open_now, t),
            _count(_("Of which past the reply term"), f.overdue_now, t),
        ),
    )
    return Disclosed(
        veiligheidshuis=veiligheidshuis,
        period=f.period,
        threshold=t,
        tables=(
            totals,
            _breakdown("outcome", _("Decisions by outcome"), _("Outcome"), f.by_outcome, t),
            _breakdown(
                "target_group",
                _("Registrations received by target group"),
                _("Target group"),
                f.by_target_group,
                t,
            ),
            _breakdown(
                "municipality",
                _("Registrations received by municipality of the main person"),
                _("Municipality"),
                f.by_municipality,
                t,
            ),
            _breakdown(
                "channel",
                _("Registrations received by channel"),
                _("Channel"),
                f.by_channel,
                t,
            ),
            _breakdown(
                "registrant_kind",
                _("Registrations received by kind of registering organisation"),
                _("Kind of organisation"),
                f.by_registrant_kind,
                t,
            ),
            now,
        ),
    )
