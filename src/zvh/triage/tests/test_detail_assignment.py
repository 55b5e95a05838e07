"""The "assign to me" of the registration's own page (issue 14, point 3): who it is assigned to,
the buttons that fit (assign to me, take it over from a colleague, remove the assignment), the
same service and rules as the queue's button, back to the page with a message, and at most one
query more than the page took before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.access_log.enums import EventType
from zvh.access_log.models import AccessLogEntry
from zvh.triage.models import Assignment
from zvh.triage.queue_services import registration_assign

from . import test_queue_work
from .test_queue import NOW

pytestmark = pytest.mark.django_db

ASSIGN = "Aan mij toewijzen"
REMOVE = "Toewijzing opheffen"

#: The queue's fixture: a second screener of Maastricht.
colleague = test_queue_work.colleague


def _facts(client, registration) -> str:
    """The page's "Assigned to" entry (up to the next fact)."""
    page = client.get(reverse("triage:detail", args=[registration.public_id])).content.decode()
    return page.split("<dt>Toegewezen aan</dt>")[1].split("<dt>")[0]


def _post(client, registration, to: str):
    return client.post(reverse("triage:detail_assign", args=[registration.public_id]), {"to": to})


def test_assign_to_me_then_remove_it_from_the_page(make_submitted, demo_users, login):
    screener = demo_users["screener"]
    client = login(screener)
    registration = make_submitted()
    facts = _facts(client, registration)
    assert "Niet toegewezen" in facts
    assert ASSIGN in facts
    assert REMOVE not in facts
    assert 'name="csrfmiddlewaretoken"' in facts
    before = AccessLogEntry.objects.count()

    response = _post(client, registration, "me")
    detail = reverse("triage:detail", args=[registration.public_id])
    assert (response.status_code, response["Location"]) == (302, detail)
    assert Assignment.objects.get(registration=registration).assignee == screener
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert AccessLogEntry.objects.count() > before
    assert entry.event_type == EventType.UPDATE
    page = client.get(detail).content.decode()
    assert f"{registration.reference} is aan u toegewezen." in page  # the message
    facts = page.split("<dt>Toegewezen aan</dt>")[1].split("<dt>")[0]
    assert f"{screener.get_full_name()} (u)" in facts
    assert ASSIGN not in facts
    assert REMOVE in facts

    response = _post(client, registration, "nobody")
    assert response["Location"] == detail
    assert not Assignment.objects.filter(registration=registration).exists()
    page = client.get(detail).content.decode()
    assert f"{registration.reference} is niet meer toegewezen." in page
    assert "Niet toegewezen" in page.split("<dt>Toegewezen aan</dt>")[1].split("<dt>")[0]


def test_take_over_from_a_colleague(make_submitted, demo_users, colleague, login):
    screener = demo_users["screener"]
    registration = make_submitted()
    registration_assign(registration=registration, to=colleague, by=colleague, now=NOW)
    client = login(screener)
    facts = _facts(client, registration)
    assert "Sanne Tweede" in facts
    assert "(u)" not in facts
    assert ASSIGN in facts
    assert REMOVE in facts
    _post(client, registration, "me")
    assert Assignment.objects.get(registration=registration).assignee == screener


def test_a_decided_registration_shows_its_assignee_without_buttons(make_decided, demo_users, login):
    screener = demo_users["screener"]
    registration = make_decided()
    Assignment.objects.create(
        registration=registration, assignee=screener, assigned_by=screener, assigned_at=NOW
    )
    client = login(screener)
    facts = _facts(client, registration)
    assert screener.get_full_name() in facts
    assert "<form" not in facts
    # posted anyway: refused by the service, with its message, nothing changed
    response = _post(client, registration, "nobody")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Alleen een openstaande aanmelding kan worden toegewezen." in page
    assert Assignment.objects.filter(registration=registration).exists()


def test_another_houses_screener_gets_404_and_nothing_changes(make_submitted, demo_users, login):
    registration = make_submitted()
    client = login(demo_users["screener-sittard"])
    assert _post(client, registration, "me").status_code == 404
    assert not Assignment.objects.exists()


def _count(client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm-up: sessions, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_assignee_costs_at_most_one_query(make_submitted, demo_users, colleague, login):
    """Unassigned: no query more (the registration's own query tells there is none); assigned:
    one, the assignment with its assignee's name."""
    client = login(demo_users["screener"])
    unassigned, assigned = make_submitted(), make_submitted()
    registration_assign(registration=assigned, to=colleague, by=colleague, now=NOW)
    without = _count(client, reverse("triage:detail", args=[unassigned.public_id]))
    with_assignee = _count(client, reverse("triage:detail", args=[assigned.public_id]))
    assert with_assignee == without + 1
    assert without <= 19  # what the page took before it showed the assignee
