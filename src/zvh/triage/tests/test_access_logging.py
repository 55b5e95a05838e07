"""The meldpunt's side writes the access log: the queue and its search, the detail page, every
change (screening, requests for information, decisions) and every refused attempt. An action
and its entry commit together or not at all, and the privacy officer's report shows them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from zvh.access_log.enums import EventType, Outcome, Purpose
from zvh.network.enums import Outcome as DecisionOutcome
from zvh.network.models import SelectionCriterion
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.access_logging import (
    assert_entry,
    entries_after,
    last_sequence,
    the_entry_after,
)
from zvh.registrations.tests.factories import PersonFactory
from zvh.triage.models import Decision

from .conftest import answer_every_criterion

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(make_submitted):
    """A registration received an hour ago."""

    def _make(**kwargs) -> Registration:
        return make_submitted(received_at=timezone.now() - timedelta(hours=1), **kwargs)

    return _make


@pytest.fixture
def screener(demo_users):
    return demo_users["screener"]


@pytest.fixture
def meldpunt(login, screener):
    return login(screener)


def _url(name: str, registration: Registration) -> str:
    return reverse(f"triage:{name}", args=[registration.public_id])


def _decision_data(registration: Registration) -> dict:
    return {
        "decision-version": registration.version,
        "decision-outcome": DecisionOutcome.REFER_BACK,
        "decision-motivation": "Geen regie nodig",
        "decision-advice": "Bespreek het met de wijkagent.",
    }


def test_the_queue_is_logged_as_a_search_of_what_it_shows(meldpunt, screener, fresh):
    first = fresh(person={"surname": "Jansen"})
    second = fresh(person={"surname": "Bakker"})
    PersonFactory(registration=second, relation="child")  # not named in the queue
    fresh(vh="STD")  # another Veiligheidshuis: not shown, not logged

    before = last_sequence()
    assert meldpunt.get(reverse("triage:queue")).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=screener,
        purpose=Purpose.TRIAGE,
        registrations=[first, second],  # earliest deadline first
        persons=[first.main_person, second.main_person],
    )

    before = last_sequence()
    assert meldpunt.get(reverse("triage:queue"), {"q": "jansen"}).status_code == 200
    assert_entry(
        the_entry_after(before),
        event_type=EventType.SEARCH,
        user=screener,
        purpose=Purpose.TRIAGE,
        registrations=[first],  # the search found only this one
        persons=[first.main_person],
    )


def test_the_detail_page_logs_the_registration_and_the_already_known_ones(
    meldpunt, screener, fresh, make_submitted
):
    earlier = make_submitted(
        received_at=timezone.now() - timedelta(days=60), person={"bsn": "111222333"}
    )
    registration = fresh(person={"bsn": "111222333"})
    child = PersonFactory(registration=registration, relation="child", bsn="")

    before = last_sequence()
    page = meldpunt.get(_url("detail", registration))
    assert page.status_code == 200
    assert earlier.reference in page.content.decode()
    assert_entry(
        the_entry_after(before),
        event_type=EventType.VIEW,
        user=screener,
        purpose=Purpose.TRIAGE,
        registrations=[registration, earlier],
        persons=[registration.main_person, child, earlier.main_person],
    )


def test_every_change_by_the_meldpunt_is_logged(meldpunt, screener, fresh):
    registration = fresh()
    persons = list(registration.persons.all())

    def change(name: str, data: dict, purpose: Purpose) -> None:
        before = last_sequence()
        response = meldpunt.post(_url(name, registration), data)
        assert response.status_code == 302, name
        assert_entry(
            the_entry_after(before),
            event_type=EventType.UPDATE,
            user=screener,
            purpose=purpose,
            registrations=[registration],
            persons=persons,
        )

    change("start", {}, Purpose.TRIAGE)
    criteria = SelectionCriterion.objects.filter(veiligheidshuis=registration.veiligheidshuis)
    answers = {f"screening-answer_{c.pk}": "yes" for c in criteria}
    answers |= {f"screening-motivation_{c.pk}": "Zo is het" for c in criteria}
    change("screening", answers, Purpose.TRIAGE)
    change("request", {"request-question": "Wie is de huisarts?"}, Purpose.INFORMATION_REQUEST)
    registration.information_requests.update(answered_at=timezone.now(), answer="Dokter X")
    Registration.objects.filter(pk=registration.pk).update(status=Status.SCREENING)
    registration.refresh_from_db()
    # deciding: the check page (a view of the registration), then the confirmation (the change)
    before = last_sequence()
    check = meldpunt.post(_url("decide", registration), _decision_data(registration))
    assert check.status_code == 200
    assert the_entry_after(before).event_type == EventType.VIEW
    signed = re.search(r'name="decision" value="([^"]+)"', check.content.decode()).group(1)
    change("decide_confirm", {"decision": signed, "action": "confirm"}, Purpose.TRIAGE)


def test_a_refused_form_logs_the_page_shown_again(meldpunt, screener, fresh):
    registration = fresh()
    before = last_sequence()
    assert meldpunt.post(_url("request", registration), {"request-question": ""}).status_code == 400
    entry = the_entry_after(before)
    assert (entry.event_type, entry.outcome) == (EventType.VIEW, Outcome.SUCCESS)


def test_another_veiligheidshuis_registration_is_404_and_logged_as_denied(login, demo_users, fresh):
    maastricht = fresh(vh="MST")
    sittard_screener = demo_users["screener-sittard"]
    client = login(sittard_screener)
    before = last_sequence()
    assert client.get(_url("detail", maastricht)).status_code == 404
    assert client.post(_url("decide", maastricht), _decision_data(maastricht)).status_code == 404
    viewed, decided = entries_after(before)
    for entry, event_type in ((viewed, EventType.VIEW), (decided, EventType.UPDATE)):
        assert_entry(
            entry,
            event_type=event_type,
            user=sittard_screener,
            purpose=Purpose.TRIAGE,
            registrations=[maastricht],  # so Maastricht's privacy officer sees the attempt
            persons=maastricht.persons.all(),
            outcome=Outcome.DENIED,
        )
    assert not Decision.objects.exists()


def test_a_draft_is_404_to_the_meldpunt_and_logged_as_denied(meldpunt, screener, fresh):
    draft = fresh(status=Status.DRAFT)
    before = last_sequence()
    assert meldpunt.get(_url("detail", draft)).status_code == 404
    assert the_entry_after(before).outcome == Outcome.DENIED


@pytest.mark.parametrize("username", ["aanmelder", "regisseur", "manager", "privacy"])
def test_a_wrong_role_is_403_and_logged_as_denied(login, demo_users, fresh, username):
    registration = fresh()
    user = demo_users[username]
    client = login(user)
    before = last_sequence()
    assert client.get(_url("detail", registration)).status_code == 403
    assert client.get(reverse("triage:queue")).status_code == 403
    viewed, searched = entries_after(before)
    assert_entry(
        viewed,
        event_type=EventType.VIEW,
        user=user,
        purpose=Purpose.TRIAGE,
        registrations=[registration],
        persons=registration.persons.all(),
        outcome=Outcome.DENIED,
    )
    assert (searched.event_type, searched.outcome, searched.objects_concerned) == (
        EventType.SEARCH,
        Outcome.DENIED,
        [],
    )


# --- no action without its entry, no entry without its action -----------------------------------


def _checked(meldpunt, registration, screener) -> dict:
    """The confirmation a screener posts from the check page (every criterion answered)."""
    answer_every_criterion(registration, by=screener)
    check = meldpunt.post(_url("decide", registration), _decision_data(registration))
    assert check.status_code == 200
    signed = re.search(r'name="decision" value="([^"]+)"', check.content.decode()).group(1)
    return {"decision": signed, "action": "confirm"}


def test_a_decision_that_rolls_back_leaves_no_entry(meldpunt, screener, fresh, monkeypatch):
    registration = fresh()
    confirm = _checked(meldpunt, registration, screener)

    def fail(**kwargs):
        raise RuntimeError("the notification could not be queued")

    monkeypatch.setattr("zvh.triage.services.notify_decision", fail)
    before = last_sequence()
    with pytest.raises(RuntimeError):
        meldpunt.post(_url("decide_confirm", registration), confirm)
    assert entries_after(before) == []
    assert not Decision.objects.exists()
    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED


def test_a_decision_whose_entry_cannot_be_written_is_not_made(
    meldpunt, screener, fresh, monkeypatch
):
    registration = fresh()
    confirm = _checked(meldpunt, registration, screener)

    def fail(**kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr("zvh.registrations.access.access_log_record", fail)
    with pytest.raises(RuntimeError):
        meldpunt.post(_url("decide_confirm", registration), confirm)
    assert not Decision.objects.exists()
    registration.refresh_from_db()
    assert (registration.status, registration.history.count()) == (Status.RECEIVED, 0)


def test_a_page_whose_read_cannot_be_logged_is_not_shown(meldpunt, fresh, monkeypatch):
    registration = fresh()
    rendered = []
    monkeypatch.setattr(
        "zvh.triage.views.detail_pages.render",
        lambda *args, **kwargs: rendered.append(args) or None,
    )

    def fail(**kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr("zvh.registrations.access.access_log_record", fail)
    with pytest.raises(RuntimeError):
        meldpunt.get(_url("detail", registration))
    with pytest.raises(RuntimeError):
        meldpunt.get(reverse("triage:queue"))
    assert rendered == []


# --- constant queries ------------------------------------------------------------------------


def test_the_detail_page_takes_the_same_queries_however_many_persons_and_matches(
    meldpunt, fresh, make_submitted, django_assert_max_num_queries
):
    def count_for(n: int) -> int:
        registration = fresh(person={"bsn": "111222333"})
        for i in range(n):
            PersonFactory(registration=registration, relation="child", bsn="")
            make_submitted(
                received_at=timezone.now() - timedelta(days=30 + i), person={"bsn": "111222333"}
            )
        with django_assert_max_num_queries(40) as captured:
            assert meldpunt.get(_url("detail", registration)).status_code == 200
        return len(captured)

    count_for(0)  # warm the session
    assert count_for(1) == count_for(8)


# --- what the privacy officer sees -------------------------------------------------------------


def test_the_data_subject_report_lists_the_accesses(login, demo_users, fresh):
    registration = fresh(person={"bsn": "111222333"})
    meldpunt = login(demo_users["screener"])
    meldpunt.get(_url("detail", registration))
    meldpunt.post(_url("start", registration))
    login(demo_users["screener-sittard"]).get(_url("detail", registration))  # denied: not listed
    before = last_sequence()

    report = login(demo_users["privacy"]).post(reverse("access_log:report"), {"bsn": "111222333"})

    assert report.status_code == 200
    groups = report.context["groups"]
    lines = [
        (group.reference, line.event_type, line.purpose, line.count)
        for group in groups
        for line in group.lines
    ]
    # The screener's view and change under the registration; the refused attempt is not listed;
    # making this report is itself logged (before the report is read), about the person only.
    assert sorted(lines, key=str) == sorted(
        [
            (registration.reference, EventType.VIEW, Purpose.TRIAGE, 1),
            (registration.reference, EventType.UPDATE, Purpose.TRIAGE, 1),
            ("", EventType.VIEW, Purpose.DATA_SUBJECT_REQUEST, 1),
        ],
        key=str,
    )
    assert last_sequence() == before + 1
    page = report.content.decode()
    assert registration.reference in page
    assert "Zorg- en Veiligheidshuis Maastricht" in page
    assert "Screener meldpunt" in page
    assert "Sanne" not in page  # no staff names
    assert ">screener<" not in page
