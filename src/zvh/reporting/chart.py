"""A bar chart drawn on the server as SVG (no script, no chart library): the coordinates are
computed here, ``reporting/_chart.html`` lays them out.

Rules:
- The chart draws only what the table beside it shows: a hidden (small) count gets no bar,
  only its "<5" at the foot of its place, so the chart never reveals what the table hides.
- The scale runs from zero to a round maximum (1, 2 or 5 times a power of ten) with five grid
  lines; an empty chart still has a scale of 0 to 1 and no bars.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 720
HEIGHT = 280
LEFT = 48
RIGHT = 8
TOP = 12
BOTTOM = 48
GRID_LINES = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class Value:
    """One value of a series: the count when it may be shown, else what is shown instead."""

    count: int | None
    shown: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Series:
    key: str
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: str
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Mark:
    """A text at a place: a tick of the scale, a month under the axis, a hidden value."""

    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    width: int
    height: int
    baseline: float
    left: float
    right: float
    bars: tuple[Bar, ...]
    ticks: tuple[Mark, ...]
    labels: tuple[Mark, ...]
    hidden: tuple[Mark, ...]
    series: tuple[Series, ...]


def nice_maximum(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … that is at least ``value`` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(*, categories: Sequence[str], series: Sequence[Series]) -> Chart:
    """Grouped bars: one group per category, one bar per series, in order."""
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    counts = [v.count for s in series for v in s.values if v.count is not None]
    top = nice_maximum(max(counts, default=0))
    group = plot_width / max(len(categories), 1)
    bar_width = group * 0.8 / max(len(series), 1)
    bars: list[Bar] = []
    hidden: list[Mark] = []
    for i, category in enumerate(categories):
        for j, one in enumerate(series):
            value = one.values[i]
            x = LEFT + i * group + group * 0.1 + j * bar_width
            if value.count is None:
                hidden.append(Mark(x=round(x + bar_width / 2, 1), y=baseline - 4, text=value.shown))
                continue
            height = plot_height * value.count / top
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(baseline - height, 1),
                    width=round(bar_width, 1),
                    height=round(height, 1),
                    series=one.key,
                    title=f"{category}, {one.label}: {value.shown}",
                )
            )
    ticks = tuple(
        Mark(
            x=LEFT - 6,
            y=round(baseline - plot_height * n / GRID_LINES, 1),
            text=_tick(top * n / GRID_LINES),
        )
        for n in range(GRID_LINES + 1)
    )
    labels = tuple(
        Mark(x=round(LEFT + i * group + group / 2, 1), y=baseline + 18, text=category)
        for i, category in enumerate(categories)
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        baseline=baseline,
        left=LEFT,
        right=WIDTH - RIGHT,
        bars=tuple(bars),
        ticks=ticks,
        labels=labels,
        hidden=tuple(hidden),
        series=tuple(series),
    )


def _tick(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"
