"""The case: its transition table pair by pair, opening by a decision, joining registrations."""

import itertools
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zvh.casework.models import Case, CaseRegistration, CaseStatus, CaseStatusChange
from zvh.casework.services.cases import case_join_registration
from zvh.casework.services.closing import case_reopen
from zvh.casework.workflow import ALLOWED, CaseTransitionError, can_transition, case_transition
from zvh.network.enums import Outcome
from zvh.triage.models import ApproachMode
from zvh.triage.services import DecisionInput, registration_decide

from .conftest import NOW, answer_every_criterion, decide_agenda

pytestmark = pytest.mark.django_db
AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)

EXPECTED_ALLOWED = {
    (CaseStatus.OPEN, CaseStatus.IN_CONSULTATION),
    (CaseStatus.OPEN, CaseStatus.INTEGRATED_APPROACH),
    (CaseStatus.OPEN, CaseStatus.CLOSED),
    (CaseStatus.IN_CONSULTATION, CaseStatus.INTEGRATED_APPROACH),
    (CaseStatus.IN_CONSULTATION, CaseStatus.AFTERCARE),
    (CaseStatus.IN_CONSULTATION, CaseStatus.CLOSED),
    (CaseStatus.INTEGRATED_APPROACH, CaseStatus.IN_CONSULTATION),
    (CaseStatus.INTEGRATED_APPROACH, CaseStatus.AFTERCARE),
    (CaseStatus.INTEGRATED_APPROACH, CaseStatus.CLOSED),
    (CaseStatus.AFTERCARE, CaseStatus.IN_CONSULTATION),
    (CaseStatus.AFTERCARE, CaseStatus.INTEGRATED_APPROACH),
    (CaseStatus.AFTERCARE, CaseStatus.CLOSED),
    (CaseStatus.CLOSED, CaseStatus.OPEN),
}


def test_the_table_is_exactly_the_intended_one():
    assert {(a, b) for a, targets in ALLOWED.items() for b in targets} == EXPECTED_ALLOWED
    assert set(ALLOWED) == set(CaseStatus)


@pytest.mark.parametrize(("start", "target"), list(itertools.product(CaseStatus, CaseStatus)))
def test_every_pair_is_allowed_or_refused_as_the_table_says(case, demo_users, start, target):
    Case.objects.filter(pk=case.pk).update(status=start, version=5)
    before = CaseStatusChange.objects.filter(case=case).count()
    regisseur = demo_users["regisseur"]
    if (start, target) in EXPECTED_ALLOWED:
        moved = case_transition(case=case, to=target, by=regisseur, at=AT, why="reden")
        assert moved.status == target
        assert moved.version == 6
        row = CaseStatusChange.objects.filter(case=case).last()
        assert (row.from_status, row.to_status, row.by, row.at, row.why) == (
            start,
            target,
            regisseur,
            AT,
            "reden",
        )
        assert (moved.closed_at is not None) == (target == CaseStatus.CLOSED)
    else:
        assert not can_transition(start, target)
        with pytest.raises(CaseTransitionError) as error:
            case_transition(case=case, to=target, by=regisseur, at=AT, why="reden")
        assert error.value.code == "transition_not_allowed"
        case.refresh_from_db()
        assert (case.status, case.version) == (start, 5)
        assert CaseStatusChange.objects.filter(case=case).count() == before


def test_reopening_needs_a_reason_and_a_stale_version_is_a_conflict(case, demo_users):
    closed = case_transition(case=case, to=CaseStatus.CLOSED, by=demo_users["regisseur"], at=AT)
    with pytest.raises(CaseTransitionError) as error:
        case_transition(case=closed, to=CaseStatus.OPEN, by=demo_users["regisseur"], at=AT)
    assert "reden" in str(error.value.message_dict["why"][0]).lower()
    with pytest.raises(CaseTransitionError) as error:
        case_transition(
            case=closed, to=CaseStatus.OPEN, by=None, at=AT, why="x", expected_version=1
        )
    assert error.value.code == "conflict"
    reopened = case_reopen(case=closed, by=demo_users["regisseur"], why="Nieuwe zorgen", now=AT)
    assert reopened.status == CaseStatus.OPEN
    assert reopened.closed_at is None


def test_the_agenda_decision_opens_a_case_of_the_house(case, demo_users):
    assert case.status == CaseStatus.OPEN
    assert case.veiligheidshuis.code == "MST"
    assert case.reference == f"MST-C-{NOW.year}-00001"
    assert case.links.get().opened_case is True
    history = list(case.history.values_list("from_status", "to_status", "why"))
    assert history == [("", CaseStatus.OPEN, "opened by decision")]


def test_the_integrated_approach_opens_a_case_in_that_state(make_submitted, demo_users):
    registration = make_submitted()
    answer_every_criterion(registration, by=demo_users["screener"])
    registration_decide(
        registration=registration,
        by=demo_users["screener"],
        decision=DecisionInput(
            outcome=Outcome.INTEGRATED_APPROACH,
            motivation="Regie nodig.",
            approach_mode=ApproachMode.VOLUNTARY,
            procesregisseur=demo_users["regisseur"],
        ),
        now=NOW,
        expected_version=registration.version,
    )
    case = Case.objects.get(links__registration=registration)
    assert case.status == CaseStatus.INTEGRATED_APPROACH


def test_other_outcomes_open_no_case_and_references_count_per_house(make_submitted, demo_users):
    registration = make_submitted()
    answer_every_criterion(registration, by=demo_users["screener"])
    registration_decide(
        registration=registration,
        by=demo_users["screener"],
        decision=DecisionInput(
            outcome=Outcome.REFER_BACK, motivation="Geen regie.", advice="Wijkteam."
        ),
        now=NOW,
        expected_version=registration.version,
    )
    assert not Case.objects.exists()
    first, second = make_submitted(), make_submitted()
    decide_agenda(first, demo_users["screener"])
    decide_agenda(second, demo_users["screener"])
    references = sorted(Case.objects.values_list("reference", flat=True))
    assert references == [f"MST-C-{NOW.year}-00001", f"MST-C-{NOW.year}-00002"]


def test_a_later_registration_is_joined_and_then_reuses_the_case(case, make_submitted, demo_users):
    later = make_submitted()
    link = case_join_registration(case=case, registration=later, by=demo_users["screener"], now=AT)
    assert link.case == case
    case.refresh_from_db()
    assert case.version == 2
    assert case.history.last().why == "registration joined"
    decide_agenda(later, demo_users["screener"], now=NOW)
    assert Case.objects.count() == 1
    assert CaseRegistration.objects.filter(case=case).count() == 2


def test_joining_is_refused_with_reasons_and_nothing_saved(case, make_submitted, demo_users):
    screener = demo_users["screener"]
    other_house = make_submitted(vh="STD")
    with pytest.raises(ValidationError) as error:
        case_join_registration(case=case, registration=other_house, by=screener, now=AT)
    assert "ander Veiligheidshuis" in error.value.message_dict["registration"][0]
    first = case.links.get().registration
    with pytest.raises(ValidationError) as error:
        case_join_registration(case=case, registration=first, by=screener, now=AT)
    assert case.reference in error.value.message_dict["registration"][0]
    later = make_submitted()
    case_transition(case=case, to=CaseStatus.CLOSED, by=screener, at=AT)
    with pytest.raises(ValidationError) as error:
        case_join_registration(case=case, registration=later, by=screener, now=AT)
    assert "gesloten" in error.value.message_dict["case"][0]
    with pytest.raises(PermissionDenied):
        case_join_registration(case=case, registration=later, by=demo_users["regisseur"], now=AT)
    assert CaseRegistration.objects.filter(case=case).count() == 1
