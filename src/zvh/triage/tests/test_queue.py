"""The meldpunt's queue: own house only, by deadline, filters, search, overviews, fixed queries."""

from datetime import UTC, datetime, timedelta

import pytest

from zvh.network.models import TargetGroup
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory
from zvh.triage.selectors import QueueFilters, meldpunt_queue

from .conftest import RECEIVED_AT

pytestmark = pytest.mark.django_db
#: Wednesday 25 November 2026, 10:00 in Amsterdam.
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def refs(rows):
    return [row.registration.reference for row in rows]


def queue(user, **filters):
    return meldpunt_queue(user=user, filters=QueueFilters(**filters), now=NOW)


def test_open_registrations_of_the_own_house_sorted_by_deadline(make_submitted, demo_users):
    late = make_submitted(received_at=RECEIVED_AT)
    early = make_submitted(received_at=RECEIVED_AT - timedelta(days=3), status=Status.SCREENING)
    waiting = make_submitted(
        received_at=RECEIVED_AT + timedelta(days=1), status=Status.WAITING_FOR_INFORMATION
    )
    make_submitted(status=Status.DECIDED)
    make_submitted(vh="STD")
    draft = make_submitted()
    draft.status = Status.DRAFT
    draft.save()
    result = queue(demo_users["screener"])
    assert refs(result.rows) == [early.reference, late.reference, waiting.reference]
    # received Fri 20 Nov: deadline Fri 27 Nov; received Mon 23 Nov: deadline Mon 30 Nov
    assert result.rows[0].deadline.days_left == 2
    assert result.rows[0].deadline.due_soon
    assert result.rows[1].deadline.days_left == 5
    assert not result.rows[1].deadline.due_soon
    assert result.rows[2].deadline.paused
    assert refs(queue(demo_users["screener-sittard"]).rows) != refs(result.rows)


def test_overviews_of_overdue_and_due_within_two_working_days(make_submitted, demo_users):
    # MST term: 7 calendar days. NOW is Wed 25 Nov; two working days ahead is Fri 27 Nov.
    overdue = make_submitted(received_at=NOW - timedelta(days=8))
    due_friday = make_submitted(received_at=NOW - timedelta(days=5))  # deadline Fri 27 Nov
    due_monday = make_submitted(received_at=NOW - timedelta(days=2))  # deadline Mon 30 Nov
    make_submitted(received_at=NOW - timedelta(days=8), status=Status.WAITING_FOR_INFORMATION)
    result = queue(demo_users["screener"])
    assert refs(result.overdue) == [overdue.reference]
    assert refs(result.due_soon) == [due_friday.reference]
    assert due_monday.reference not in refs(result.due_soon)
    # the overviews ignore the filters
    filtered = queue(demo_users["screener"], search="nothing-matches-this")
    assert filtered.rows == ()
    assert refs(filtered.overdue) == [overdue.reference]


def test_due_soon_skips_the_weekend(make_submitted, demo_users):
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    due_tuesday = make_submitted(received_at=friday - timedelta(days=3))  # deadline Tue 1 Dec
    result = meldpunt_queue(user=demo_users["screener"], filters=QueueFilters(), now=friday)
    assert refs(result.due_soon) == [due_tuesday.reference]


def test_filters(make_submitted, demo_users, municipalities, houses):
    veelplegers = TargetGroup.objects.get(veiligheidshuis=houses["MST"], code="veelplegers")
    a = make_submitted(target_group=veelplegers)
    b = make_submitted(municipality="Meerssen", status=Status.SCREENING)
    c = make_submitted(registrant="aanmelder-gemeente")
    screener = demo_users["screener"]
    assert refs(queue(screener, status=Status.SCREENING).rows) == [b.reference]
    assert refs(queue(screener, target_group_id=veelplegers.pk).rows) == [a.reference]
    assert refs(queue(screener, municipality_id=municipalities["Meerssen"].pk).rows) == [
        b.reference
    ]
    org = demo_users["aanmelder-gemeente"].organisation_id
    assert refs(queue(screener, organisation_id=org).rows) == [c.reference]


def test_municipality_filter_looks_at_the_main_person_only(
    make_submitted, demo_users, municipalities
):
    registration = make_submitted(municipality="Maastricht")
    PersonFactory(
        registration=registration, relation="child", municipality=municipalities["Meerssen"]
    )
    result = queue(demo_users["screener"], municipality_id=municipalities["Meerssen"].pk)
    assert result.rows == ()


def test_search_by_reference_and_tolerant_name(make_submitted, demo_users):
    a = make_submitted(
        person={"given_names": "Émile", "surname_prefix": "van der", "surname": "Meer"}
    )
    b = make_submitted(person={"given_names": "Anna", "surname": "De Wit-Çelik"})
    screener = demo_users["screener"]
    assert refs(queue(screener, search=a.reference.lower()).rows) == [a.reference]
    assert refs(queue(screener, search="vandermeer").rows) == [a.reference]
    assert refs(queue(screener, search="Van der Meer").rows) == [a.reference]
    assert refs(queue(screener, search="emile meer").rows) == [a.reference]
    assert refs(queue(screener, search="celik").rows) == [b.reference]
    assert refs(queue(screener, search="dewit").rows) == [b.reference]
    assert refs(queue(screener, search="emile celik").rows) == []


def test_a_constant_number_of_queries_whatever_the_rows(
    make_submitted, demo_users, django_assert_max_num_queries, municipalities
):
    screener = demo_users["screener"]
    _ = screener.role_codes, screener.veiligheidshuis

    def count_for(n):
        for _i in range(n):
            registration = make_submitted(received_at=NOW - timedelta(days=6))
            PersonFactory(registration=registration, relation="child")
        with django_assert_max_num_queries(7) as captured:
            result = queue(screener)
            for row in (*result.rows, *result.due_soon, *result.overdue):
                _ = (
                    row.main_person and row.main_person.municipality,
                    row.registration.target_group,
                    row.registration.registrant_organisation.name,
                    len(row.registration.persons.all()),
                )
        return len(captured)

    assert count_for(2) == count_for(20)
