"""The procesregisseur's pages: the prioritised cases of their own Veiligheidshuis only (need to
know), read with an access log entry, refused (and logged) for everything else."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.network.enums import Outcome as DecisionOutcome
from zvh.registrations.models import Registration
from zvh.registrations.tests.access_logging import assert_entry, last_sequence, the_entry_after
from zvh.registrations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIST = reverse("casework:list")


def detail(registration: Registration) -> str:
    return reverse("casework:detail", args=[registration.public_id])


def close_url(registration: Registration) -> str:
    return reverse("casework:close", args=[registration.public_id])


@pytest.fixture
def sittard_regisseur(demo_users) -> User:
    user = User.objects.create_user(
        username="regisseur-sittard", organisation=demo_users["screener-sittard"].organisation
    )
    user.roles.add(Role.objects.get(code=RoleCode.PROCESREGISSEUR))
    return user


@pytest.fixture
def colleague(demo_users) -> User:
    """A second procesregisseur of Maastricht."""
    user = User.objects.create_user(
        username="regisseur-2",
        first_name="Rosa",
        last_name="Regie",
        organisation=demo_users["regisseur"].organisation,
    )
    user.roles.add(Role.objects.get(code=RoleCode.PROCESREGISSEUR))
    return user


def test_the_list_holds_the_own_prioritised_cases_mine_first_by_default(
    make_decided, make_submitted, demo_users, colleague, sittard_regisseur, login
):
    mine = make_decided()
    theirs = make_decided(regisseur=colleague, days_ago=1)
    referred = make_decided(DecisionOutcome.REFER_BACK)
    still_open = make_submitted()
    sittard = make_decided(vh="STD", regisseur=sittard_regisseur)
    client = login(demo_users["regisseur"])
    page = client.get(LIST).text
    assert mine.reference in page
    assert mine.persons.get().full_name in page
    for other in (theirs, referred, still_open, sittard):
        assert other.reference not in page
    assert "Aantal casussen: 1" in page
    page = client.get(LIST, {"show": "all"}).text
    assert mine.reference in page
    assert theirs.reference in page
    assert "Rosa Regie" in page
    assert page.index(theirs.reference) < page.index(mine.reference)  # newest decision first
    for other in (referred, still_open, sittard):
        assert other.reference not in page
    assert "<caption>Alle geprioriteerde casussen, nieuwste besluit eerst</caption>" in page


def test_the_list_is_logged_as_a_search_of_what_it_shows(make_decided, demo_users, login):
    case = make_decided()
    make_decided(DecisionOutcome.REFER_BACK)
    user = demo_users["regisseur"]
    client = login(user)
    before = last_sequence()
    assert client.get(LIST).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=user,
        purpose=Purpose.PROCESS_DIRECTION,
        registrations=[case],
        persons=case.persons.all(),
    )


def test_a_case_is_shown_and_its_reading_logged(make_decided, demo_users, login):
    case = make_decided()
    partner = PersonFactory(registration=case, relation="child", position=1)
    user = demo_users["regisseur"]
    client = login(user)
    before = last_sequence()
    response = client.get(detail(case))
    assert response.status_code == 200
    page = response.text
    assert case.reference in page
    assert partner.full_name in page
    assert "Regie door het Veiligheidshuis is nodig." in page
    assert "Met drang" in page
    assert reverse("triage:detail", args=[case.public_id]) not in page  # no meldpunt actions
    # the only form that writes is the closing of the case
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert main.count('<form method="post"') == 1
    assert f'<form method="post" action="{close_url(case)}"' in main
    assert_entry(
        the_entry_after(before),
        event_type=EventType.VIEW,
        user=user,
        purpose=Purpose.PROCESS_DIRECTION,
        registrations=[case],
        persons=case.persons.all(),
    )


def test_anything_but_an_own_prioritised_case_is_404_and_logged_as_denied(
    make_decided, make_submitted, demo_users, sittard_regisseur, login
):
    user = demo_users["regisseur"]
    client = login(user)
    referred = make_decided(DecisionOutcome.REFER_BACK)
    still_open = make_submitted()
    sittard = make_decided(vh="STD", regisseur=sittard_regisseur)
    for registration in (referred, still_open, sittard):
        before = last_sequence()
        assert client.get(detail(registration)).status_code == 404
        assert_entry(
            the_entry_after(before),
            event_type=EventType.VIEW,
            user=user,
            purpose=Purpose.PROCESS_DIRECTION,
            registrations=[registration],
            persons=registration.persons.all(),
            outcome=Outcome.DENIED,
        )
    # and Sittard's procesregisseur cannot open Maastricht's
    assert login(sittard_regisseur).get(detail(make_decided())).status_code == 404
    assert login(sittard_regisseur).get(detail(sittard)).status_code == 200


@pytest.mark.parametrize("username", ["aanmelder", "screener", "manager", "beheerder", "privacy"])
def test_other_roles_are_refused(make_decided, demo_users, login, username):
    case = make_decided()
    client = login(demo_users[username])
    before = last_sequence()
    assert client.get(LIST).status_code == 403
    assert client.get(detail(case)).status_code == 403
    assert last_sequence() == before + 2  # both refusals are logged


def test_anonymous_visitors_are_sent_to_the_login(client, make_decided):
    for url in (LIST, detail(make_decided())):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_list_takes_a_constant_number_of_queries(
    make_decided, demo_users, colleague, login, django_assert_max_num_queries
):
    make_decided()
    client = login(demo_users["regisseur"])
    client.get(LIST, {"show": "all"})
    with CaptureQueriesContext(connection) as small:
        client.get(LIST, {"show": "all"})
    for i in range(12):
        case = make_decided(regisseur=colleague if i % 2 else None)
        PersonFactory(registration=case, relation="child", position=1)
    with django_assert_max_num_queries(16), CaptureQueriesContext(connection) as large:
        page = client.get(LIST, {"show": "all"}).text
    assert "Aantal casussen: 13" in page
    assert len(large.captured_queries) == len(small.captured_queries)
