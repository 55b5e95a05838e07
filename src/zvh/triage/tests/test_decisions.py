"""Deciding: the Veiligheidshuis's outcomes, each with its own data, motivation, timeliness."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status
from zvh.registrations.workflow import TransitionError
from zvh.triage.models import ApproachMode, Decision
from zvh.triage.services import DecisionInput, registration_decide

from .conftest import RECEIVED_AT, answer_every_criterion

pytestmark = pytest.mark.django_db
NOW = RECEIVED_AT + timedelta(days=2)


def decide(registration, by, decision, now=NOW, version=None):
    answer_every_criterion(registration, by=by)
    return registration_decide(
        registration=registration,
        by=by,
        decision=decision,
        now=now,
        expected_version=registration.version if version is None else version,
    )


def refer_back(**overrides):
    values = {
        "outcome": Outcome.REFER_BACK,
        "motivation": "Geen regie nodig.",
        "advice": "Schakel het wijkteam in.",
    }
    return DecisionInput(**{**values, **overrides})


def test_refer_elsewhere_is_refused_in_maastricht_and_allowed_in_sittard(
    make_submitted, demo_users
):
    police = demo_users["aanmelder"].organisation
    decision = DecisionInput(
        outcome=Outcome.REFER_ELSEWHERE,
        motivation="Past beter bij GGZ.",
        receiving_organisation=police,
    )
    maastricht = make_submitted(vh="MST")
    with pytest.raises(ValidationError) as error:
        decide(maastricht, demo_users["screener"], decision)
    assert "outcome" in error.value.message_dict
    maastricht.refresh_from_db()
    assert maastricht.status == Status.RECEIVED
    assert not Decision.objects.exists()

    sittard = make_submitted(vh="STD")
    record = decide(sittard, demo_users["screener-sittard"], decision)
    assert record.outcome == Outcome.REFER_ELSEWHERE
    assert record.receiving_organisation == police


@pytest.mark.parametrize(
    ("decision", "field"),
    [
        (refer_back(motivation="  "), "motivation"),
        (refer_back(advice=""), "advice"),
        (DecisionInput(outcome=Outcome.REFER_ELSEWHERE, motivation="m"), "receiving_organisation"),
        (DecisionInput(outcome=Outcome.CONSULTATION_AGENDA, motivation="m"), "consultation_date"),
        (
            DecisionInput(
                outcome=Outcome.CONSULTATION_AGENDA,
                motivation="m",
                consultation_date=date(2027, 1, 5),
            ),
            "consultation_partners",
        ),
        (
            DecisionInput(
                outcome=Outcome.CONSULTATION_AGENDA,
                motivation="m",
                consultation_date=date(2020, 1, 5),
            ),
            "consultation_date",
        ),
        (DecisionInput(outcome=Outcome.INTEGRATED_APPROACH, motivation="m"), "approach_mode"),
        (DecisionInput(outcome=Outcome.INTEGRATED_APPROACH, motivation="m"), "procesregisseur"),
        (DecisionInput(outcome="", motivation="m"), "outcome"),
    ],
)
def test_each_outcome_needs_its_own_data_and_a_motivation(
    make_submitted, demo_users, decision, field
):
    registration = make_submitted(vh="STD")
    with pytest.raises(ValidationError) as error:
        decide(registration, demo_users["screener-sittard"], decision)
    assert field in error.value.message_dict
    registration.refresh_from_db()
    assert registration.status == Status.RECEIVED
    assert registration.decided_at is None
    assert not StatusChange.objects.exists()


def test_consultation_agenda_stores_date_and_partners(make_submitted, demo_users):
    registration = make_submitted()
    partners = tuple(Organisation.objects.filter(networks__code="MST")[:2])
    record = decide(
        registration,
        demo_users["screener"],
        DecisionInput(
            outcome=Outcome.CONSULTATION_AGENDA,
            motivation="Samenwerking stagneert.",
            consultation_date=date(2026, 12, 3),
            consultation_partners=partners,
        ),
    )
    assert record.consultation_date == date(2026, 12, 3)
    assert set(record.consultation_partners.all()) == set(partners)


def test_integrated_approach_needs_a_procesregisseur_of_the_same_house(make_submitted, demo_users):
    registration = make_submitted()
    sittard_regisseur = User.objects.create_user(
        username="regisseur-sittard",
        organisation=demo_users["screener-sittard"].organisation,
    )
    sittard_regisseur.roles.add(Role.objects.get(code=RoleCode.PROCESREGISSEUR))
    for wrong in (sittard_regisseur, demo_users["screener"], demo_users["aanmelder"]):
        decision = DecisionInput(
            outcome=Outcome.INTEGRATED_APPROACH,
            motivation="Regie nodig.",
            approach_mode=ApproachMode.DRANG,
            procesregisseur=wrong,
        )
        with pytest.raises(ValidationError) as error:
            decide(registration, demo_users["screener"], decision)
        assert "procesregisseur" in error.value.message_dict
    record = decide(
        registration,
        demo_users["screener"],
        DecisionInput(
            outcome=Outcome.INTEGRATED_APPROACH,
            motivation="Regie nodig.",
            approach_mode=ApproachMode.DWANG,
            procesregisseur=demo_users["regisseur"],
        ),
    )
    assert (record.approach_mode, record.procesregisseur) == (
        ApproachMode.DWANG,
        demo_users["regisseur"],
    )


def test_deciding_moves_to_decided_and_tells_the_registrant(
    make_submitted, demo_users, mailoutbox, django_capture_on_commit_callbacks
):
    registration = make_submitted()
    with django_capture_on_commit_callbacks(execute=True):
        record = decide(registration, demo_users["screener"], refer_back())
    registration.refresh_from_db()
    assert registration.status == Status.DECIDED
    assert registration.decided_at == NOW
    assert registration.decided_late is False
    assert record.advice == "Schakel het wijkteam in."
    assert record.decided_by == demo_users["screener"]
    assert StatusChange.objects.get(registration=registration).to_status == Status.DECIDED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [registration.contact_email]
    assert registration.reference in mailoutbox[0].body
    assert "Geen regie nodig" not in mailoutbox[0].body


def test_a_decision_after_the_deadline_is_marked_late(make_submitted, demo_users):
    on_time = make_submitted()
    decide(on_time, demo_users["screener"], refer_back(), now=on_time.deadline_at)
    late = make_submitted()
    decide(late, demo_users["screener"], refer_back(), now=late.deadline_at + timedelta(minutes=1))
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert on_time.decided_late is False
    assert late.decided_late is True


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(make_submitted, demo_users):
    registration = make_submitted()
    stale_version = registration.version
    decide(registration, demo_users["screener"], refer_back(advice="Eerste"))
    with pytest.raises(TransitionError) as error:
        decide(
            registration, demo_users["screener"], refer_back(advice="Tweede"), version=stale_version
        )
    assert error.value.code == "conflict"
    assert "Iemand anders" in error.value.messages[0]
    assert Decision.objects.get().advice == "Eerste"


def test_waiting_registrations_cannot_be_decided(make_submitted, demo_users):
    registration = make_submitted(status=Status.WAITING_FOR_INFORMATION)
    with pytest.raises(TransitionError) as error:
        decide(registration, demo_users["screener"], refer_back())
    assert error.value.code == "transition_not_allowed"


def test_only_a_screener_of_the_house_decides(make_submitted, demo_users):
    registration = make_submitted()
    for other in ("screener-sittard", "regisseur", "aanmelder", "manager"):
        with pytest.raises(PermissionDenied):
            decide(registration, demo_users[other], refer_back())
