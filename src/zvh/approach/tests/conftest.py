"""Fixtures for the integrated approach: a family case prioritised by a real decision (two
persons), a second procesregisseur, partner users, and plan inputs."""

from datetime import date, timedelta

import pytest

from zvh.accounts.models import User
from zvh.accounts.roles import RoleCode
from zvh.approach.services.plans import EntryInput, PlanInput, plan_version_create
from zvh.casework.models import Case
from zvh.casework.tests.conftest import partner_users  # noqa: F401
from zvh.network.enums import Outcome
from zvh.network.models import LifeDomain
from zvh.registrations.models import Relation
from zvh.registrations.tests.factories import PersonFactory
from zvh.triage.models import ApproachMode
from zvh.triage.services import DecisionInput, registration_decide
from zvh.triage.tests.conftest import (  # noqa: F401
    RECEIVED_AT,
    answer_every_criterion,
    make_submitted,
)

NOW = RECEIVED_AT + timedelta(days=2)
TODAY = NOW.date()


def decide_approach(registration, screener, regisseur, *, now=NOW):
    answer_every_criterion(registration, by=screener)
    return registration_decide(
        registration=registration,
        by=screener,
        decision=DecisionInput(
            outcome=Outcome.INTEGRATED_APPROACH,
            motivation="Problemen op meerdere leefgebieden.",
            approach_mode=ApproachMode.DRANG,
            procesregisseur=regisseur,
        ),
        now=now,
        expected_version=registration.version,
    )


@pytest.fixture
def make_case(make_submitted, demo_users, municipalities):  # noqa: F811
    """``make_case(vh="MST")``: a case prioritised for the integrated approach for a family of
    two (the main person and a child), the house's procesregisseur named in the decision."""

    def _make(vh: str = "MST", regisseur: User | None = None) -> Case:
        registration = make_submitted(vh=vh)
        PersonFactory(
            registration=registration,
            relation=Relation.CHILD,
            position=1,
            municipality=registration.persons.first().municipality,
        )
        screener = demo_users["screener" if vh == "MST" else "screener-sittard"]
        decide_approach(registration, screener, regisseur or demo_users["regisseur"])
        return Case.objects.get(links__registration=registration)

    return _make


@pytest.fixture
def approach_case(make_case) -> Case:
    return make_case()


@pytest.fixture
def second_regisseur(demo_users, roles) -> User:
    """Another procesregisseur of Maastricht."""
    user = User.objects.create_user(
        username="regisseur-2",
        first_name="Rianne",
        last_name="Regie",
        organisation=demo_users["regisseur"].organisation,
    )
    user.roles.add(roles[RoleCode.PROCESREGISSEUR])
    return user


@pytest.fixture
def sittard_regisseur(demo_users, roles) -> User:
    user = User.objects.create_user(
        username="regisseur-st", organisation=demo_users["screener-sittard"].organisation
    )
    user.roles.add(roles[RoleCode.PROCESREGISSEUR])
    return user


def persons_of(case: Case) -> list:
    from zvh.approach.selectors import case_persons

    return case_persons(case)


def domains_of(case: Case) -> list[LifeDomain]:
    return list(LifeDomain.objects.filter(veiligheidshuis=case.veiligheidshuis))


def two_by_two(case: Case, *, score: int = 2, **changes) -> PlanInput:
    """Goals for both persons in the first two life domains."""
    persons, domains = persons_of(case), domains_of(case)
    entries = [
        EntryInput(
            person_id=person.pk,
            life_domain_id=domain.pk,
            situation=f"Situatie {domain.name}",
            goal=f"Doel {domain.name}",
            start_score=score,
        )
        for person in persons[:2]
        for domain in domains[:2]
    ]
    fields = {"form": "voluntary", "entries": entries, "next_evaluation_on": date(2026, 12, 20)}
    fields.update(changes)
    return PlanInput(**fields)


@pytest.fixture
def first_version(approach_case, demo_users):
    return plan_version_create(
        case=approach_case,
        data=two_by_two(approach_case),
        base_version=0,
        by=demo_users["regisseur"],
        now=NOW,
    )


__all__ = ["NOW", "TODAY", "decide_approach", "two_by_two"]
