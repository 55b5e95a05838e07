"""The privacy officer's query for one person takes the same number of queries for 5 entries as
for 50 (issue 7), and the log's page count stops at the cap instead of counting the whole log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.access_log.selectors import LogFilter, access_log_filtered
from zvh.access_log.values import LoggedPerson
from zvh.common.pagination import DEFAULT_CAP, CappedPaginator, WindowCountPaginator

from .helpers import record

pytestmark = pytest.mark.django_db
LOG = reverse("access_log:log")


def _entries(n: int, *, person: LoggedPerson, user, veiligheidshuis_id: int) -> None:
    for _ in range(n):
        record(user=user, persons=(person,), veiligheidshuis_id=veiligheidshuis_id)


def test_the_person_query_takes_the_same_queries_at_5_and_50_entries(
    demo_users, login, registration, django_assert_num_queries
):
    client = login(demo_users["privacy"])
    main = registration.persons.get()
    person = LoggedPerson.of(main)
    vh = registration.veiligheidshuis_id
    query = {"bsn": main.bsn}
    _entries(5, person=person, user=demo_users["screener"], veiligheidshuis_id=vh)
    assert client.post(LOG, query).status_code == 200  # warm the session
    with CaptureQueriesContext(connection) as few:
        page = client.post(LOG, query)
    # the officer's own searches for the person are entries about them too
    assert 5 < len(page.context["page"].object_list) < 10
    _entries(45, person=person, user=demo_users["screener"], veiligheidshuis_id=vh)
    with django_assert_num_queries(len(few)):
        page = client.post(LOG, query)
    assert len(page.context["page"].object_list) == 50  # a full page
    assert page.context["page"].paginator.count > 50


def test_the_unfiltered_log_counts_at_most_the_cap(demo_users, login, registration):
    client = login(demo_users["privacy"])
    record(user=demo_users["screener"], veiligheidshuis_id=registration.veiligheidshuis_id)
    client.get(LOG)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(LOG)
    assert page.status_code == 200
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and "access_log_accesslogentry" in q["sql"]
    ]
    assert len(counts) == 1
    assert f"LIMIT {DEFAULT_CAP + 1}" in counts[0]
    assert not page.context["page"].paginator.capped


def test_a_log_longer_than_the_cap_says_more_than(demo_users, login, registration, monkeypatch):
    monkeypatch.setattr("zvh.common.pagination.DEFAULT_CAP", 3)
    client = login(demo_users["privacy"])
    for _ in range(4):
        record(user=demo_users["screener"], veiligheidshuis_id=registration.veiligheidshuis_id)
    page = client.get(LOG)
    assert page.context["page"].paginator.capped
    assert "Meer dan 3 regels, nieuwste eerst" in page.text
    assert len(page.context["page"].object_list) == 3


@pytest.mark.parametrize("cap", [DEFAULT_CAP, 60, 3])
def test_a_person_page_is_the_capped_paginators_page_in_one_query(cap, demo_users, registration):
    """``WindowCountPaginator`` counts with the page's own query: the same pages, count and cap."""
    person = LoggedPerson.of(registration.persons.get())
    vh = registration.veiligheidshuis_id
    _entries(120, person=person, user=demo_users["screener"], veiligheidshuis_id=vh)
    record(user=demo_users["screener"], veiligheidshuis_id=vh)  # about no one
    nobody = LoggedPerson(bsn="123456782")
    for keys in (person.keys, nobody.keys):
        entries = access_log_filtered(
            user=demo_users["privacy"], filters=LogFilter(person_keys=keys)
        )
        for number in (1, 2, 3, 4, 99):
            expected = CappedPaginator(entries, 50, cap=cap).get_page(number)
            with CaptureQueriesContext(connection) as captured:
                page = WindowCountPaginator(entries, 50, cap=cap).get_page(number)
            assert [e.pk for e in page.object_list] == [e.pk for e in expected.object_list]
            assert (page.number, page.paginator.count, page.paginator.capped) == (
                expected.number,
                expected.paginator.count,
                expected.paginator.capped,
            )
            assert page.paginator.num_pages == expected.paginator.num_pages
            if keys == person.keys and number <= min(3, -(-cap // 50)):
                assert len(captured) == 1
