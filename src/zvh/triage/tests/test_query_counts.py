"""The meldpunt's pages issue the same number of queries whatever the number of rows (issue 7),
and the queue's name search is spelling-tolerant on PostgreSQL."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.common.bsn import generate_bsn
from zvh.registrations.tests.factories import PersonFactory
from zvh.triage.selectors import PAGE_SIZE, QueueFilters, meldpunt_queue

from .conftest import RECEIVED_AT

pytestmark = pytest.mark.django_db


def _fill(make_submitted, n: int, **person) -> list:
    """``n`` open registrations, each with a main person and a child."""
    made = []
    for i in range(n):
        registration = make_submitted(
            received_at=RECEIVED_AT - timedelta(days=(i * 5) % 12), person=person or None
        )
        PersonFactory(registration=registration, relation="child")
        made.append(registration)
    return made


def _count(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("url_name", ["queue", "search"])
def test_queue_and_search_take_the_same_queries_at_5_and_50_rows(
    url_name, make_submitted, demo_users, login, django_assert_num_queries
):
    client = login(demo_users["screener"])
    url = reverse("triage:queue") + ("?q=Jansen" if url_name == "search" else "")
    person = {"surname": "Jansen"}
    _fill(make_submitted, 5, **person)
    few = _count(client, url)
    _fill(make_submitted, 45, **person)
    response = client.get(url)
    # 50 open registrations: a full page of rows (and the overviews) now
    assert response.content.decode().count('<th scope="row">') >= PAGE_SIZE
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_detail_takes_the_same_queries_with_5_and_50_earlier_registrations(
    make_submitted, demo_users, login, django_assert_num_queries
):
    """The "already known" list grows with the person's history; the queries do not."""
    client = login(demo_users["screener"])
    bsn = generate_bsn(random.Random(7))
    made = []

    def earlier(n: int) -> None:
        for _ in range(n):
            made.append(
                make_submitted(
                    received_at=RECEIVED_AT - timedelta(days=30),
                    person={"bsn": bsn, "surname": "Jansen"},
                )
            )

    current = make_submitted(person={"bsn": bsn, "surname": "Jansen"})
    url = reverse("triage:detail", args=[current.public_id])
    earlier(5)
    few = _count(client, url)
    earlier(45)
    page = client.get(url).content.decode()
    assert all(registration.reference in page for registration in made)  # all 50 listed
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_the_queue_counts_only_the_open_registrations_of_one_house(
    make_submitted, demo_users, login
):
    """Pagination counts the filtered open registrations of the screener's house (an index
    range), never the registrations table as a whole."""
    client = login(demo_users["screener"])
    _fill(make_submitted, 3)
    client.get(reverse("triage:queue"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("triage:queue"))
    counts = [
        q["sql"]
        for q in captured.captured_queries
        if "COUNT(" in q["sql"].upper() and 'FROM "registrations_registration"' in q["sql"]
    ]
    assert counts, "the queue shows a total"
    for sql in counts:
        assert '"registrations_registration"."veiligheidshuis_id" =' in sql
        assert '"registrations_registration"."status" IN' in sql


def test_name_search_finds_spelling_variants_on_postgresql(make_submitted, demo_users):
    janssen = make_submitted(person={"given_names": "Piet", "surname": "Janssen"})
    hansen = make_submitted(person={"given_names": "Kees", "surname": "Hansen"})
    found = meldpunt_queue(
        user=demo_users["screener"],
        filters=QueueFilters(search="Jansen"),
        now=RECEIVED_AT + timedelta(hours=1),
    )
    references = [row.registration.reference for row in found.rows]
    assert hansen.reference not in references  # not similar enough (0.4)
    if connection.vendor == "postgresql":
        assert references == [janssen.reference]  # trigram similarity 0.67
    else:
        assert references == []  # SQLite: the word must occur as typed
