"""The chart of a case's scores over time, drawn on the server as SVG (no JavaScript): per goal
(person and life domain) a line through the start score and every evaluation's score, with the
same numbers in a table beside it for screen readers."""

from dataclasses import dataclass, field
from datetime import date

from .defaults import SCALE_MAX, SCALE_MIN

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 48, 16, 40
#: Colours with enough contrast on white, and a dash pattern each, so a line is told apart
#: without colour too.
STYLES = (
    ("#1f4e9c", ""),
    ("#b3261e", "6 3"),
    ("#1b6e3a", "2 3"),
    ("#6a3d9a", "8 3 2 3"),
    ("#8a4b00", "4 4"),
    ("#00606b", "10 2"),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Point:
    x: float
    y: float
    score: int


@dataclass(slots=True, kw_only=True)
class Series:
    name: str
    colour: str
    dash: str
    scores: list[int | None] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{point.x:.1f},{point.y:.1f}" for point in self.points)


@dataclass(frozen=True, slots=True, kw_only=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    width: int
    height: int
    moments: list[tuple[str, date]]
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int

    @property
    def empty(self) -> bool:
        return not self.series


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(score: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (SCALE_MAX - score) / (SCALE_MAX - SCALE_MIN)


def score_chart(
    *, moments: list[tuple[str, date]], series: list[tuple[str, list[int | None]]]
) -> Chart:
    """``moments``: the start and each evaluation (label, date); ``series``: per goal its name
    and a score per moment (None where it had none)."""
    count = len(moments)
    drawn = []
    for index, (name, scores) in enumerate(series):
        colour, dash = STYLES[index % len(STYLES)]
        line = Series(name=name, colour=colour, dash=dash, scores=scores)
        line.points = [
            Point(x=_x(position, count), y=_y(score), score=score)
            for position, score in enumerate(scores)
            if score is not None
        ]
        drawn.append(line)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        moments=moments,
        series=drawn,
        x_ticks=[
            Tick(position=_x(i, count), label=on.strftime("%d-%m-%Y"))
            for i, (_label, on) in enumerate(moments)
        ],
        y_ticks=[Tick(position=_y(s), label=str(s)) for s in range(SCALE_MIN, SCALE_MAX + 1)],
        plot_left=LEFT,
        plot_right=WIDTH - RIGHT,
        plot_top=TOP,
        plot_bottom=HEIGHT - BOTTOM,
    )
