"""Closing is the case workflow's: every closing (an item's outcome, the procesregisseur's
page, the service) and reopening goes through ``case_transition``, and the case's
registrations follow it; two chairs finalising at once: one wins."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from zvh.casework.models import AgendaItem, Case, CaseStatus, CaseStatusChange, CloseReason, Minutes
from zvh.casework.services.closing import case_close, case_reopen
from zvh.casework.services.meetings import agenda_item_add
from zvh.casework.services.minutes import (
    MinutesInput,
    item_outcome,
    minutes_finalise,
    minutes_save,
)
from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status

from .conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting, case, demo_users) -> AgendaItem:
    return agenda_item_add(
        meeting=meeting, case=case, question="Wat is nodig?", by=demo_users["screener"], now=NOW
    )


def registration_of(case: Case):
    return case.links.get().registration


def test_an_items_outcome_close_closes_the_case_and_its_registrations(item, demo_users):
    reason = CloseReason.objects.filter(veiligheidshuis=item.case.veiligheidshuis).first()
    later = NOW + timedelta(days=8)
    case = item_outcome(
        item=item,
        outcome=AgendaItem.Outcome.CLOSE,
        by=demo_users["regisseur"],
        now=later,
        close_reason_id=reason.pk,
    )
    assert (case.status, case.closed_at) == (CaseStatus.CLOSED, later)
    registration = registration_of(case)
    registration.refresh_from_db()
    assert registration.status == Status.CLOSED
    row = StatusChange.objects.filter(registration=registration).latest("pk")
    assert (row.from_status, row.to_status, row.why) == (
        Status.DECIDED,
        Status.CLOSED,
        "case closed",
    )
    item.refresh_from_db()
    assert item.version == 2  # the outcome changes the item (its ETag)


def test_closing_a_case_refuses_a_future_day_a_day_before_it_opened_and_twice(case, demo_users):
    regisseur = demo_users["regisseur"]
    for at, field in (
        (NOW + timedelta(days=2), "closed_on"),
        (NOW - timedelta(days=30), "closed_on"),
    ):
        with pytest.raises(ValidationError) as refused:
            case_close(case=case, by=regisseur, at=at, now=NOW, why="klaar")
        assert field in refused.value.message_dict
    assert Case.objects.get(pk=case.pk).status != CaseStatus.CLOSED
    case_close(case=case, by=regisseur, at=NOW, now=NOW, why="klaar")
    with pytest.raises(ValidationError) as refused:
        case_close(case=case, by=regisseur, at=NOW, now=NOW, why="klaar")
    assert "al afgesloten" in refused.value.messages[0]


def test_only_the_houses_staff_close_and_reopen(case, demo_users, partner_users):
    police = partner_users["police"]
    with pytest.raises(PermissionDenied):
        case_close(case=case, by=police, at=NOW, now=NOW, why="klaar")
    case_close(case=case, by=demo_users["regisseur"], at=NOW, now=NOW, why="klaar")
    with pytest.raises(PermissionDenied):
        case_reopen(case=case, by=police, why="Nieuwe zorgen", now=NOW)


def test_reopening_needs_a_reason_and_the_version_it_was_shown(case, demo_users):
    regisseur = demo_users["regisseur"]
    closed = case_close(case=case, by=regisseur, at=NOW, now=NOW, why="klaar")
    with pytest.raises(ValidationError) as refused:
        case_reopen(case=closed, by=regisseur, why="  ", now=NOW, expected_version=closed.version)
    assert refused.value.message_dict["why"] == ["Geef de reden om de casus te heropenen."]
    with pytest.raises(ValidationError) as refused:
        case_reopen(case=closed, by=regisseur, why="Nieuw", now=NOW, expected_version=1)
    assert refused.value.code == "conflict"
    reopened = case_reopen(
        case=closed, by=regisseur, why="Nieuwe zorgen", now=NOW, expected_version=closed.version
    )
    assert (reopened.status, reopened.closed_at, reopened.close_reason) == (
        CaseStatus.OPEN,
        None,
        None,
    )
    assert registration_of(reopened).status == Status.DECIDED
    last = CaseStatusChange.objects.filter(case=case).latest("pk")
    assert (last.from_status, last.to_status, last.why) == (
        CaseStatus.CLOSED,
        CaseStatus.OPEN,
        "Nieuwe zorgen",
    )


def test_an_agenda_item_for_a_reopened_case_is_allowed_again(meeting, case, demo_users):
    regisseur = demo_users["regisseur"]
    closed = case_close(case=case, by=regisseur, at=NOW, now=NOW, why="klaar")
    with pytest.raises(ValidationError) as refused:
        agenda_item_add(meeting=meeting, case=closed, question="?", by=regisseur, now=NOW)
    assert "case" in refused.value.message_dict
    reopened = case_reopen(case=closed, by=regisseur, why="Nieuwe zorgen", now=NOW)
    assert agenda_item_add(meeting=meeting, case=reopened, question="?", by=regisseur, now=NOW)


@pytest.mark.django_db(transaction=True)
def test_two_chairs_finalising_at_once_one_wins(item, demo_users):
    """Run on PostgreSQL too: the conditional update on the version decides, under the row's
    lock; the loser is told (a conflict), the minutes are finalised once."""
    minutes = minutes_save(
        item=item,
        data=MinutesInput(situation="Situatie."),
        by=demo_users["screener"],
        now=NOW,
        expected_version=0,
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def finalise() -> None:
        try:
            page = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
            barrier.wait(timeout=10)
            minutes_finalise(
                item=page, by=demo_users["regisseur"], now=NOW, expected_version=minutes.version
            )
            outcomes.append("finalised")
        except ValidationError as error:
            outcomes.append(error.code or "")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalise) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["conflict", "finalised"]
    final = Minutes.objects.get(item=item)
    assert final.final
    assert final.version == minutes.version + 1
