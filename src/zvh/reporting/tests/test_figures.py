"""The figures against a hand-built dataset: live registrations and tombstones, late decisions,
the edges of periods in Dutch time, one Veiligheidshuis only, and a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zvh.network.enums import Outcome
from zvh.registrations.models import Channel
from zvh.reporting.periods import Period, PeriodKind
from zvh.reporting.selectors import registration_figures
from zvh.retention.models import RegistrationTombstone
from zvh.retention.services import retention_apply

from .conftest import NOW, local

pytestmark = pytest.mark.django_db

YEAR_2026 = Period(kind=PeriodKind.YEAR, year=2026)
#: How many queries the figures take, whatever the data.
QUERIES = 17


def figures(houses, period=YEAR_2026, vh="MST", now=NOW):
    return registration_figures(veiligheidshuis=houses[vh], period=period, now=now)


def counts(rows) -> dict[str, int]:
    return {row.label: row.count for row in rows}


def keyed(rows) -> dict[str, int]:
    return {row.key: row.count for row in rows}


def test_the_year_counts_live_registrations_and_tombstones(dataset, houses):
    f = figures(houses)
    # received in 2026 (local time): A B C D E F G H + tombstones T1 T2; I is 2025's
    assert f.received == 10
    # decided in 2026: A B C H I + T1 T2; late: B and T2
    assert (f.decided, f.decided_in_time, f.decided_late) == (7, 5, 2)
    assert counts(f.by_outcome) == {
        "Terugverwijzen naar de aanmelder": 4,
        "Agenderen voor een overleg": 2,
        "Prioriteren voor de integrale aanpak": 1,
    }
    assert keyed(f.by_channel) == {"web_form": 8, "email": 2, "phone": 0, "api": 0}
    kinds = keyed(f.by_registrant_kind)
    assert (kinds["police"], kinds["municipality"], kinds["youth_care"]) == (8, 1, 1)
    assert sum(kinds.values()) == 10
    target_groups = keyed(f.by_target_group)
    veelplegers = houses["MST"].target_groups.get(code="veelplegers").pk
    violence = houses["MST"].target_groups.get(code="huiselijk-geweld").pk
    assert (target_groups[str(veelplegers)], target_groups[str(violence)]) == (2, 1)
    assert target_groups[""] == 7
    assert counts(f.by_target_group)["Geen doelgroep"] == 7
    assert counts(f.by_municipality) == {
        "Eijsden-Margraten": 1,
        "Maastricht": 8,
        "Meerssen": 1,
        "Valkenburg aan de Geul": 0,
    }
    # A, F and G asked once each, T1 twice
    assert (f.information_requests, f.registrations_with_requests) == (5, 4)
    # days A 4, B 19, C 1, H 1, I 5, T1 3, T2 14
    days = f.days_to_decision
    assert days.decisions == 7
    assert days.median == 4
    assert days.mean == pytest.approx(47 / 7)


def test_open_and_overdue_now_follow_the_queue_rule(dataset, houses):
    f = figures(houses)
    # open: D E F G; overdue: E (screening, past its deadline) and G (already late when the
    # request went out); F waits with its clock stopped before the deadline
    assert (f.open_now, f.overdue_now) == (4, 2)
    # a week later D is overdue too; F still waits with its clock stopped
    assert figures(houses, now=NOW + timedelta(days=7)).overdue_now == 3


@pytest.mark.parametrize(
    ("period", "received", "decided", "days"),
    [
        # C: received 31 March 23:30, decided 1 April 00:30 (both 31 March in UTC)
        (Period(kind=PeriodKind.MONTH, year=2026, number=3), 1, 0, None),
        (Period(kind=PeriodKind.MONTH, year=2026, number=4), 0, 1, 1),
        # Q1: A B C H T1 T2 received; A B H I T1 T2 decided (C is April's)
        (Period(kind=PeriodKind.QUARTER, year=2026, number=1), 6, 6, 4.5),
        (Period(kind=PeriodKind.QUARTER, year=2026, number=2), 0, 1, 1),
        # H: received 1 January 00:30 (31 December in UTC); I: 31 December 23:00
        (Period(kind=PeriodKind.MONTH, year=2026, number=1), 4, 5, 4),
        (Period(kind=PeriodKind.YEAR, year=2025), 1, 0, None),
    ],
    ids=["march", "april", "q1", "q2", "january", "2025"],
)
def test_periods_are_cut_at_midnight_dutch_time(dataset, houses, period, received, decided, days):
    f = figures(houses, period=period)
    assert (f.received, f.decided, f.days_to_decision.median) == (received, decided, days)


def test_another_veiligheidshuis_sees_only_its_own(dataset, houses):
    f = figures(houses, vh="STD")
    # Sittard: one live registration (decided) and one tombstone, nothing of Maastricht's
    assert (f.received, f.decided, f.open_now) == (2, 2, 0)
    assert counts(f.by_municipality)["Sittard-Geleen"] == 2
    assert "Maastricht" not in counts(f.by_municipality)
    assert counts(f.by_outcome)["Doorverwijzen naar een andere organisatie"] == 1


def test_an_empty_period_has_zeros_and_no_averages(dataset, houses):
    f = figures(houses, period=Period(kind=PeriodKind.YEAR, year=2020))
    assert (f.received, f.decided, f.information_requests) == (0, 0, 0)
    assert (f.days_to_decision.mean, f.days_to_decision.median) == (None, None)
    assert all(row.count == 0 for row in f.by_channel)


def test_retention_does_not_change_the_figures(dataset, houses, make_case, settings):
    """Removing registrations leaves tombstones that count exactly as the registrations did
    (the draft with a preset moment of receipt leaves none)."""
    settings.MEDIA_ROOT = "/nonexistent-zvh-media"  # no attachments here
    old = [
        make_case(
            received=local(2026, 1, 3, 9),
            outcome=outcome,
            decided=local(2026, 1, 3 + i, 9),
            late=i == 2,
            registrant=registrant,
            target_group="veelplegers",
            municipality="Valkenburg aan de Geul",
            channel=Channel.PHONE,
            requests=i,
        )
        for i, (outcome, registrant) in enumerate(
            [
                (Outcome.REFER_BACK, "aanmelder"),
                (Outcome.REFER_BACK, "aanmelder-gemeente"),
                (Outcome.CONSULTATION_AGENDA, "aanmelder"),
            ]
        )
    ]
    before = figures(houses)
    removed = retention_apply(now=local(2028, 6, 1, 12), dry_run=False)
    assert {r.label for r in removed.removals} >= {r.reference for r in old}
    assert not type(old[0]).objects.filter(pk__in=[r.pk for r in old]).exists()
    assert RegistrationTombstone.objects.filter(channel=Channel.PHONE).count() == 3
    assert figures(houses) == before
    assert not RegistrationTombstone.objects.filter(received_on=local(2026, 5, 1).date()).exclude(
        veiligheidshuis=houses["STD"]
    )


def test_a_constant_number_of_queries_whatever_the_data(
    dataset, houses, make_case, make_tombstone, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        figures(houses)
    for day in range(1, 21):
        make_case(
            received=local(2026, 6, day, 9),
            outcome=Outcome.REFER_BACK,
            decided=local(2026, 6, day + 3, 9),
            requests=2,
            target_group="veelplegers",
        )
        make_case(received=local(2026, 11, day, 9))
        make_tombstone(received=local(2026, 7, day).date(), decided=local(2026, 7, day + 2).date())
    with django_assert_max_num_queries(QUERIES), CaptureQueriesContext(connection) as large:
        bigger = figures(houses)
    assert bigger.received == 10 + 60
    assert len(large.captured_queries) == len(small.captured_queries) == QUERIES


def test_the_figures_are_timezone_aware(houses):
    """``now`` may be given in any time zone; the figures do not depend on it."""
    assert figures(houses, now=timezone.now()).received == 0
