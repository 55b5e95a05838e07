"""The server-drawn bar chart: a scale from zero to a round maximum, bars in proportion, and no
bar for a hidden count (only its "<5")."""

import pytest

from zvh.reporting.chart import BOTTOM, HEIGHT, TOP, Series, Value, bar_chart, nice_maximum


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (1, 1), (2, 2), (3, 5), (6, 10), (11, 20), (21, 50), (400, 500)]
)
def test_the_scale_ends_at_a_round_number(value, top):
    assert nice_maximum(value) == top


def test_bars_are_in_proportion_and_hidden_counts_get_none():
    chart = bar_chart(
        categories=["Jan", "Feb"],
        series=[
            Series(
                key="a", label="A", values=(Value(count=10, shown="10"), Value(count=5, shown="5"))
            ),
            Series(
                key="b",
                label="B",
                values=(Value(count=None, shown="<5"), Value(count=0, shown="0")),
            ),
        ],
    )
    plot = HEIGHT - TOP - BOTTOM
    heights = {(bar.series, bar.title): bar.height for bar in chart.bars}
    assert heights == {
        ("a", "Jan, A: 10"): plot,
        ("a", "Feb, A: 5"): plot / 2,
        ("b", "Feb, B: 0"): 0,
    }
    assert [mark.text for mark in chart.hidden] == ["<5"]
    assert [tick.text for tick in chart.ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [label.text for label in chart.labels] == ["Jan", "Feb"]
    assert all(bar.y + bar.height == pytest.approx(chart.baseline) for bar in chart.bars)
