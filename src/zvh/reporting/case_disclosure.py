"""What a manager may see of the casework figures, with the same rules as ``disclosure``:
counts of 1 up to the threshold minus one are hidden ("<5"), the average and median duration
only show when at least the threshold number of cases closed, and the share of agreements done
on time only when both its counts show. The trend's chart is drawn from the shown values only.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from .case_selectors import ApproachRow, CaseFigures, Month
from .chart import Chart, Series, Value, bar_chart
from .disclosure import NOTHING, Line, Table, _breakdown, _count, _share, hidden, shown


def _days(label: str, value: float | None, cases: int, threshold: int) -> Line:
    if value is None:
        return Line(label=label, value=NOTHING)
    if cases < threshold:
        return Line(label=label, value=_("fewer than %(n)s cases") % {"n": threshold}, hidden=True)
    return Line(label=label, value=formats.number_format(round(value, 1), decimal_pos=1))


def _on_time_share(on_time: int, late: int, threshold: int) -> Line:
    return _share(on_time, late, threshold, label=_("Share of agreements done on time"))


def _cells(label: str, counts: tuple[int, ...], threshold: int) -> Line:
    values = tuple(shown(n, threshold=threshold) for n in counts)
    return Line(
        label=label,
        value=values[0],
        others=values[1:],
        hidden=any(hidden(n, threshold=threshold) for n in counts),
    )


def _approaches(
    key: str, caption: str, heading: str, rows: tuple[ApproachRow, ...], threshold: int
) -> Table:
    return Table(
        key=key,
        caption=caption,
        heading=heading,
        value_heading=_("Started"),
        other_headings=(_("Running now"), _("Closed")),
        lines=tuple(
            _cells(row.label, (row.started, row.running, row.closed), threshold) for row in rows
        ),
    )


def month_label(month: Month) -> str:
    return formats.date_format(month.start, "M Y")


def trend_table(trend: tuple[Month, ...], threshold: int) -> Table:
    return Table(
        key="trend",
        caption=_("Trend over twelve months"),
        heading=_("Month"),
        value_heading=_("Registrations received"),
        other_headings=(_("Cases opened"),),
        lines=tuple(_cells(month_label(m), (m.received, m.opened), threshold) for m in trend),
    )


def trend_chart(trend: tuple[Month, ...], threshold: int) -> Chart:
    """The bars of the trend, hidden counts without a bar."""

    def values(counts: list[int]) -> tuple[Value, ...]:
        return tuple(
            Value(
                count=None if hidden(n, threshold=threshold) else n,
                shown=shown(n, threshold=threshold),
            )
            for n in counts
        )

    return bar_chart(
        categories=[month_label(m) for m in trend],
        series=[
            Series(
                key="received",
                label=_("Registrations received"),
                values=values([m.received for m in trend]),
            ),
            Series(key="opened", label=_("Cases opened"), values=values([m.opened for m in trend])),
        ],
    )


def case_tables(f: CaseFigures, *, threshold: int) -> tuple[Table, ...]:
    """The casework tables of the page and the exports, small numbers hidden."""
    t = threshold
    a = f.agreements
    return (
        Table(
            key="casework",
            caption=_("Meetings and the integrated approach"),
            heading=_("Figure"),
            value_heading=_("Value"),
            lines=(
                _count(_("Meetings held"), f.meetings_held, t),
                _count(_("Cases on an agenda"), f.cases_on_agenda, t),
                _count(_("Integrated approaches started"), f.started, t),
                _count(_("Integrated approaches running now"), f.running, t),
                _count(_("Integrated approaches closed"), f.closed, t),
                _days(
                    _("Average days from opening to closing a case"),
                    f.duration.mean,
                    f.duration.cases,
                    t,
                ),
                _days(
                    _("Median days from opening to closing a case"),
                    f.duration.median,
                    f.duration.cases,
                    t,
                ),
            ),
        ),
        _approaches(
            "approach_target_group",
            _("Integrated approaches by target group"),
            _("Target group"),
            f.by_target_group,
            t,
        ),
        _approaches(
            "approach_form",
            _("Integrated approaches by form"),
            _("Form of the approach"),
            f.by_form,
            t,
        ),
        _breakdown(
            "close_reason",
            _("Cases closed by closing reason"),
            _("Closing reason"),
            f.close_reasons,
            t,
        ),
        Table(
            key="agreements",
            caption=_("Agreements due in the period"),
            heading=_("Figure"),
            value_heading=_("Number"),
            lines=(
                _count(_("Done on time"), a.done_on_time, t),
                _count(_("Done late"), a.done_late, t),
                _on_time_share(a.done_on_time, a.done_late, t),
                _count(_("Open and overdue"), a.open_overdue, t),
                _count(_("Open, not yet due"), a.open_not_due, t),
            ),
        ),
    )
