"""The screener's queue for all-day work (issue 14, points 1, 3 and 4): urgent first and the
urgency filter, sortable columns, assignment to a screener, saved filters, and search over every
status; the services' rules, the selector and the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.access_log.enums import EventType
from zvh.access_log.models import AccessLogEntry
from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.registrations.models import Urgency
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory
from zvh.triage.models import Assignment, SavedFilter
from zvh.triage.queue_services import (
    MAX_SAVED_FILTERS,
    registration_assign,
    saved_filter_create,
    saved_filter_delete,
)
from zvh.triage.selectors import saved_filters_of

from .conftest import RECEIVED_AT
from .test_queue import NOW, queue, refs

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(demo_users) -> User:
    """A second screener of Maastricht."""
    user = User.objects.create_user(
        username="screener-2",
        first_name="Sanne",
        last_name="Tweede",
        organisation=demo_users["screener"].organisation,
    )
    user.roles.add(Role.objects.get(code=RoleCode.SCREENER))
    return user


# --- the selector: order, urgency, assignment, every status ------------------------------------


def test_urgent_first_then_by_deadline_is_the_default_order(make_submitted, demo_users):
    early = make_submitted(received_at=RECEIVED_AT - timedelta(days=2))
    urgent_late = make_submitted(received_at=RECEIVED_AT + timedelta(days=1), urgency="urgent")
    urgent_early = make_submitted(received_at=RECEIVED_AT, urgency="urgent")
    late = make_submitted(received_at=RECEIVED_AT + timedelta(days=2))
    result = queue(demo_users["screener"])
    assert refs(result.rows) == [
        urgent_early.reference,
        urgent_late.reference,
        early.reference,
        late.reference,
    ]
    assert [row.urgent for row in result.rows] == [True, True, False, False]


def test_the_urgency_filter(make_submitted, demo_users):
    urgent = make_submitted(urgency=Urgency.URGENT)
    normal = make_submitted()
    assert refs(queue(demo_users["screener"], urgency=Urgency.URGENT).rows) == [urgent.reference]
    assert refs(queue(demo_users["screener"], urgency=Urgency.NORMAL).rows) == [normal.reference]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("deadline", ["a", "b", "c"]),
        ("-deadline", ["c", "b", "a"]),
        ("received", ["a", "b", "c"]),
        ("-received", ["c", "b", "a"]),
        ("reference", ["a", "b", "c"]),
        ("-reference", ["c", "b", "a"]),
        ("status", ["b", "a", "c"]),  # received < screening < waiting_for_information
        ("-status", ["c", "a", "b"]),
        ("urgency", ["c", "a", "b"]),  # urgent first
        ("-urgency", ["a", "b", "c"]),
        ("unknown", ["c", "a", "b"]),  # not whitelisted: the default order
    ],
)
def test_the_sortable_columns(make_submitted, demo_users, sort, expected):
    made = {
        "a": make_submitted(received_at=RECEIVED_AT - timedelta(days=2), status=Status.SCREENING),
        "b": make_submitted(received_at=RECEIVED_AT - timedelta(days=1)),
        "c": make_submitted(
            received_at=RECEIVED_AT,
            status=Status.WAITING_FOR_INFORMATION,
            urgency=Urgency.URGENT,
        ),
    }
    result = queue(demo_users["screener"], sort=sort)
    assert refs(result.rows) == [made[key].reference for key in expected]


def test_equal_values_keep_a_stable_order(make_submitted, demo_users):
    """Same deadline, same status: the order falls back on the id, page after page."""
    same = [make_submitted() for _ in range(4)]
    for sort in ("deadline", "status", "urgency", "received"):
        assert refs(queue(demo_users["screener"], sort=sort).rows) == [r.reference for r in same]


def test_assigned_to_me_and_unassigned(make_submitted, demo_users, colleague):
    mine, theirs, nobody = make_submitted(), make_submitted(), make_submitted()
    screener = demo_users["screener"]
    registration_assign(registration=mine, to=screener, by=screener, now=NOW)
    registration_assign(registration=theirs, to=colleague, by=screener, now=NOW)
    assert refs(queue(screener, assigned="me").rows) == [mine.reference]
    assert refs(queue(screener, assigned="none").rows) == [nobody.reference]
    assert len(queue(screener).rows) == 3
    assert refs(queue(colleague, assigned="me").rows) == [theirs.reference]
    by_ref = {row.registration.reference: row.assignee for row in queue(screener).rows}
    assert by_ref == {mine.reference: screener, theirs.reference: colleague, nobody.reference: None}


def test_every_status_on_request(make_submitted, make_decided, demo_users):
    """The queue lists open registrations; "also decided" (or a decided / closed status filter)
    lists and searches every submitted registration of the own house, never a draft or another
    house's."""
    open_one = make_submitted(person={"surname": "Jansen"})
    decided = make_decided()
    decided.persons.update(surname="Jansen", surname_key="jansen")
    make_submitted(vh="STD", status=Status.DECIDED, person={"surname": "Jansen"})
    draft = make_submitted(person={"surname": "Jansen"})
    draft.status = Status.DRAFT
    draft.save()
    screener = demo_users["screener"]
    assert refs(queue(screener, search="Jansen").rows) == [open_one.reference]
    found = refs(queue(screener, search="Jansen", everything=True).rows)
    assert sorted(found) == sorted([open_one.reference, decided.reference])
    assert refs(queue(screener, status=Status.DECIDED).rows) == [decided.reference]
    assert queue(screener, status=Status.DECIDED).rows[0].deadline.decided


# --- the services ------------------------------------------------------------------------------


def test_assigning_is_logged_and_unassigning_removes_it(make_submitted, demo_users, colleague):
    registration = make_submitted()
    screener = demo_users["screener"]
    before = AccessLogEntry.objects.count()
    assignment = registration_assign(registration=registration, to=colleague, by=screener, now=NOW)
    assert assignment is not None
    assert (assignment.assignee, assignment.assigned_by, assignment.assigned_at) == (
        colleague,
        screener,
        NOW,
    )
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.event_type == EventType.UPDATE
    assert registration.reference in str(entry.objects_concerned)
    # the same assignee again: nothing changes, nothing is logged
    registration_assign(registration=registration, to=colleague, by=screener, now=NOW)
    assert AccessLogEntry.objects.count() == before + 1
    assert registration_assign(registration=registration, to=None, by=screener, now=NOW) is None
    assert not Assignment.objects.filter(registration=registration).exists()
    assert AccessLogEntry.objects.count() == before + 2


def test_only_a_screener_of_the_own_house_assigns_to_a_screener_of_that_house(
    make_submitted, make_decided, demo_users
):
    registration = make_submitted()
    screener, other = demo_users["screener"], demo_users["screener-sittard"]
    with pytest.raises(PermissionDenied):
        registration_assign(registration=registration, to=other, by=other, now=NOW)
    with pytest.raises(PermissionDenied):
        registration_assign(
            registration=registration, to=screener, by=demo_users["regisseur"], now=NOW
        )
    for not_a_colleague in (other, demo_users["regisseur"], demo_users["aanmelder"]):
        with pytest.raises(ValidationError) as refused:
            registration_assign(registration=registration, to=not_a_colleague, by=screener, now=NOW)
        assert "assignee" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        registration_assign(registration=make_decided(), to=screener, by=screener, now=NOW)
    assert "registration" in refused.value.message_dict
    assert not Assignment.objects.exists()


def test_saved_filters_are_named_unique_per_user_limited_and_private(demo_users, colleague):
    screener = demo_users["screener"]
    saved = saved_filter_create(user=screener, name="  Spoed   bij mij ", query="a=1", now=NOW)
    assert (saved.name, saved.query, saved.user) == ("Spoed bij mij", "a=1", screener)
    for name, code in (("", "required"), ("spoed BIJ mij", "unique"), ("x" * 61, "max_length")):
        with pytest.raises(ValidationError) as refused:
            saved_filter_create(user=screener, name=name, query="", now=NOW)
        assert refused.value.error_dict["name"][0].code == code
    # the same name is fine for a colleague; they never see each other's
    saved_filter_create(user=colleague, name="Spoed bij mij", query="", now=NOW)
    assert list(saved_filters_of(screener)) == [saved]
    for n in range(MAX_SAVED_FILTERS - 1):
        saved_filter_create(user=screener, name=f"Filter {n:02d}", query="", now=NOW)
    with pytest.raises(ValidationError) as refused:
        saved_filter_create(user=screener, name="One too many", query="", now=NOW)
    assert refused.value.error_dict["name"][0].code == "limit"
    with pytest.raises(PermissionDenied):
        saved_filter_create(user=demo_users["regisseur"], name="Mijn", query="", now=NOW)
    with pytest.raises(PermissionDenied):
        saved_filter_delete(saved_filter=saved, by=colleague)
    saved_filter_delete(saved_filter=saved, by=screener)
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()
    assert not saved_filters_of(demo_users["regisseur"]).exists()


# --- the pages ---------------------------------------------------------------------------------


def test_the_page_tags_urgent_rows_and_sorts_by_links(make_submitted, demo_users, login):
    client = login(demo_users["screener"])
    urgent = make_submitted(urgency=Urgency.URGENT)
    make_submitted(received_at=RECEIVED_AT - timedelta(days=2))
    page = client.get(reverse("triage:queue")).content.decode()
    assert page.count('class="tag tag-urgent"') == 1
    rows = page.split("<tbody>")[1]
    assert rows.index(urgent.reference) < rows.index("tag-urgent") < rows.index("Normaal")
    # urgency is the current order (urgent first: descending); deadline links to ascending
    assert 'aria-sort="descending"><a href="?sort=-urgency">' in page
    assert 'aria-sort="none"><a href="?sort=deadline">' in page
    page = client.get(reverse("triage:queue"), {"sort": "deadline", "urgency": "urgent"})
    text = page.content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-deadline&amp;urgency=urgent">' in text
    assert text.count('<th scope="row">') == 1
    assert 'class="wide staff"' in text


def test_every_status_is_offered_and_decided_ones_are_found(make_decided, demo_users, login):
    client = login(demo_users["screener"])
    decided = make_decided()
    page = client.get(reverse("triage:queue")).content.decode()
    for status in ("decided", "closed", "received", "screening", "waiting_for_information"):
        assert f'<option value="{status}"' in page
    assert '<option value="draft"' not in page
    assert decided.reference not in page.split('id="list-title"')[1].split("overviews")[0]
    page = client.get(reverse("triage:queue"), {"everything": "on"}).content.decode()
    assert decided.reference in page
    assert "Alle aanmeldingen" in page
    # logged as a search concerning what it shows
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.event_type == EventType.SEARCH
    assert decided.reference in str(entry.objects_concerned)


def test_assign_to_me_from_the_row(make_submitted, demo_users, login):
    screener = demo_users["screener"]
    client = login(screener)
    registration = make_submitted()
    page = client.get(reverse("triage:queue")).content.decode()
    href = reverse("triage:assign", args=[registration.public_id])
    assert f'formaction="{href}"' in page
    response = client.post(href, {"to": "me", "query": "sort=deadline&assigned=me"})
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:queue") + "?sort=deadline&assigned=me"
    assert Assignment.objects.get(registration=registration).assignee == screener
    page = client.get(reverse("triage:queue"), {"assigned": "me"}).content.decode()
    assert registration.reference in page
    assert f'formaction="{href}"' not in page  # already mine: no button
    assert screener.get_full_name() in page.split("<tbody>")[1]
    response = client.post(href, {"to": "nobody"})
    assert not Assignment.objects.filter(registration=registration).exists()


def test_save_a_filter_then_use_and_delete_it(make_submitted, demo_users, login):
    screener = demo_users["screener"]
    client = login(screener)
    response = client.post(
        reverse("triage:save_filter"),
        {"name": "Spoed", "query": "urgency=urgent&sort=deadline&bogus=1&status=nonsense"},
    )
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=screener)
    # only valid filters are kept, in the form's order
    assert saved.query == "urgency=urgent&sort=deadline"
    assert response["Location"] == reverse("triage:queue") + "?urgency=urgent&sort=deadline"
    page = client.get(reverse("triage:queue"), {"urgency": "urgent", "sort": "deadline"})
    text = page.content.decode()
    assert f'href="{reverse("triage:queue")}?urgency=urgent&amp;sort=deadline" aria-current' in text
    # a refusal shows the queue again with the name as typed and the message
    refused = client.post(
        reverse("triage:save_filter"), {"name": "spoed", "query": "urgency=urgent"}
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert 'value="spoed"' in text
    assert "U hebt al een filter met deze naam." in text
    deleted = client.post(reverse("triage:delete_filter", args=[saved.pk]))
    assert deleted.status_code == 302
    assert not SavedFilter.objects.exists()


# --- the number of queries ---------------------------------------------------------------------


def response_rows(response) -> int:
    return response.content.decode().split("<tbody>")[1].count('<th scope="row">')


def _fill(make_submitted, screener, colleague, n: int) -> None:
    """``n`` open registrations, alternately urgent, assigned to the screener, to a colleague,
    or to nobody, each with a main person and a child."""
    for i in range(n):
        registration = make_submitted(
            received_at=RECEIVED_AT - timedelta(days=(i * 5) % 12),
            urgency=Urgency.URGENT if i % 2 else Urgency.NORMAL,
        )
        PersonFactory(registration=registration, relation="child")
        if i % 3 < 2:
            Assignment.objects.create(
                registration=registration,
                assignee=(screener, colleague)[i % 3],
                assigned_by=screener,
                assigned_at=NOW,
            )


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"sort": "-received"},
        {"sort": "status", "assigned": "me"},
        {"assigned": "none", "urgency": "normal"},
        {"everything": "on", "sort": "reference", "q": "MST"},
    ],
)
def test_the_queue_takes_the_same_queries_with_5_and_25_rows(
    query, make_submitted, demo_users, colleague, login, django_assert_num_queries
):
    """Sorting, assignment (with the assignee's name on every row) and saved filters add no
    query per row."""
    screener = demo_users["screener"]
    client = login(screener)
    for n in range(3):
        saved_filter_create(user=screener, name=f"Filter {n}", query="urgency=urgent", now=NOW)
    url = reverse("triage:queue")
    _fill(make_submitted, screener, colleague, 5)
    assert client.get(url, query).status_code == 200  # warm-up
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, query).status_code == 200
    few = len(captured.captured_queries)
    assert response_rows(client.get(url, query)) > 0  # rows (and their prefetches) at 5 too
    assert few <= 21  # the queue took 19 before issue 14; the saved filters add one
    _fill(make_submitted, screener, colleague, 20)
    with django_assert_num_queries(few):
        response = client.get(url, query)
    assert response.status_code == 200


def test_the_page_writes_fields_selected_options_and_deadline_cells(
    make_submitted, demo_users, login
):
    """The queue's template writes the filter fields (label, help text and its aria reference),
    the selected options and the deadline cells and labels (issue 15: markup in the template)."""
    client = login(demo_users["screener"])
    make_submitted(urgency=Urgency.URGENT)
    page = client.get(reverse("triage:queue"), {"urgency": "urgent", "status": "received"})
    text = page.content.decode()
    form = text.split('class="filter-fields">')[1].split("</form>")[0]
    assert '<label for="id_q">' in form
    assert '<label for="id_urgency">Urgentie</label>' in form
    assert '<div class="helptext" id="id_everything_helptext">' in form
    assert 'aria-describedby="id_everything_helptext"' in form
    assert '<option value="urgent" selected>' in form
    assert '<option value="received" selected>' in form
    assert form.count(" selected>") == 6  # six selects: two chosen, four on their first option
    assert '<select name="urgency" id="id_urgency">' in form
    save = text.split('class="form save-filter"')[1].split("</form>")[0]
    assert '<label for="id_name">' in save
    cell = text.split('class="cell-deadline">')[1].split("</td>")[0]
    assert cell.startswith("<time datetime=")
    label = '<strong class="deadline deadline-overdue">'  # received in the fixtures' past
    assert f"</time><br>{label}" in cell
    assert cell.endswith("</strong>")
    overdue = text.split('id="overdue-title"')[1].split("</section>")[0]
    assert f"</a> \N{EN DASH} {label}" in overdue
