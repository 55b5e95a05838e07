"""Small numbers are hidden; averages and medians are computed from grouped counts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zvh.reporting.disclosure import disclose, hidden, min_cell, shown
from zvh.reporting.periods import Period, PeriodKind
from zvh.reporting.selectors import Category, DaysToDecision, Figures, mean_of, median_of


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0"), (1, "<5"), (2, "<5"), (4, "<5"), (5, "5"), (6, "6"), (2200, "2200")],
)
def test_counts_from_one_to_four_are_shown_as_less_than_five(count, expected):
    assert shown(count, threshold=5) == expected
    assert hidden(count, threshold=5) == (expected == "<5")


def test_threshold_one_shows_everything_and_the_setting_is_read(settings):
    assert shown(1, threshold=1) == "1"
    settings.ZVH_REPORTING_MIN_CELL = 10
    assert min_cell() == 10
    settings.ZVH_REPORTING_MIN_CELL = 0
    assert min_cell() == 1


@given(st.dictionaries(st.integers(0, 400), st.integers(1, 50), min_size=1))
def test_median_and_mean_of_a_histogram_are_those_of_the_values(histogram):
    import statistics

    values = [value for value, times in histogram.items() for _ in range(times)]
    assert median_of(histogram) == statistics.median(values)
    assert mean_of(histogram) == pytest.approx(statistics.fmean(values))


def test_an_empty_histogram_has_no_median_or_mean():
    assert median_of({}) is None
    assert mean_of({}) is None


def make_figures(**overrides) -> Figures:
    values = {
        "period": Period(kind=PeriodKind.YEAR, year=2026),
        "received": 12,
        "decided": 9,
        "decided_in_time": 6,
        "decided_late": 3,
        "open_now": 3,
        "overdue_now": 0,
        "information_requests": 7,
        "registrations_with_requests": 5,
        "days_to_decision": DaysToDecision(decisions=9, mean=6.25, median=5.0),
        "by_outcome": (
            Category(key="refer_back", label="Terugverwijzen", count=8),
            Category(key="integrated_approach", label="Integrale aanpak", count=1),
        ),
        "by_target_group": (),
        "by_municipality": (
            Category(key="1", label="Maastricht", count=11),
            Category(key="2", label="Meerssen", count=1),
            Category(key="3", label="Valkenburg aan de Geul", count=0),
        ),
        "by_channel": (),
        "by_registrant_kind": (),
    }
    return Figures(**{**values, **overrides})


def lines(disclosed, key: str) -> dict[str, str]:
    table = next(t for t in disclosed.tables if t.key == key)
    return {line.label: line.value for line in table.lines}


def test_disclosure_hides_small_cells_everywhere():
    disclosed = disclose(make_figures(), veiligheidshuis="Maastricht", threshold=5)
    assert lines(disclosed, "municipality") == {
        "Maastricht": "11",
        "Meerssen": "<5",
        "Valkenburg aan de Geul": "0",
    }
    assert lines(disclosed, "outcome")["Integrale aanpak"] == "<5"
    totals = lines(disclosed, "totals")
    assert totals["Aanmeldingen ontvangen"] == "12"
    assert totals["Besloten na de termijn"] == "<5"
    # the share would reveal the hidden late count
    assert totals["Aandeel besloten binnen de termijn"] == "niet getoond"
    assert totals["Gemiddeld aantal dagen tot besluit"] == "6,2"
    assert lines(disclosed, "now") == {
        "Openstaande aanmeldingen": "<5",
        "Waarvan over de antwoordtermijn": "0",
    }
    assert disclosed.any_hidden


def test_averages_of_few_decisions_are_hidden_and_the_share_shown_when_safe():
    few = make_figures(
        decided=4,
        decided_in_time=4,
        decided_late=0,
        days_to_decision=DaysToDecision(decisions=4, mean=3.0, median=3.0),
    )
    totals = lines(disclose(few, veiligheidshuis="M", threshold=5), "totals")
    assert totals["Gemiddeld aantal dagen tot besluit"] == "minder dan 5 besluiten"
    assert totals["Mediaan aantal dagen tot besluit"] == "minder dan 5 besluiten"
    many = make_figures(decided_in_time=15, decided_late=5)
    totals = lines(disclose(many, veiligheidshuis="M", threshold=5), "totals")
    assert totals["Aandeel besloten binnen de termijn"] == "75,0%"
    assert totals["Mediaan aantal dagen tot besluit"] == "5,0"
    unsafe = disclose(make_figures(), veiligheidshuis="M", threshold=1)
    assert not unsafe.any_hidden
    assert lines(unsafe, "totals")["Aandeel besloten binnen de termijn"] == "66,7%"
