"""Fixtures for casework: cases opened by real decisions, partner users, a meeting."""

from datetime import date, timedelta

import pytest

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.casework.models import Case, MeetingKind
from zvh.casework.services.meetings import MeetingInput, meeting_plan
from zvh.network.enums import Outcome
from zvh.network.models import Organisation
from zvh.triage.services import DecisionInput, registration_decide
from zvh.triage.tests.conftest import (  # noqa: F401
    RECEIVED_AT,
    answer_every_criterion,
    make_decided,
    make_submitted,
)

NOW = RECEIVED_AT + timedelta(days=2)


def decide_agenda(registration, screener, *, now=NOW):
    partners = tuple(
        Organisation.objects.filter(networks__code=registration.veiligheidshuis.code)[:1]
    )
    answer_every_criterion(registration, by=screener)
    return registration_decide(
        registration=registration,
        by=screener,
        decision=DecisionInput(
            outcome=Outcome.CONSULTATION_AGENDA,
            motivation="Samenwerking stagneert.",
            consultation_date=date(2026, 12, 3),
            consultation_partners=partners,
        ),
        now=now,
        expected_version=registration.version,
    )


@pytest.fixture
def case(make_submitted, demo_users) -> Case:  # noqa: F811
    """A case of Maastricht opened by the decision "agenda for a consultation"."""
    registration = make_submitted()
    decide_agenda(registration, demo_users["screener"])
    return Case.objects.get(links__registration=registration)


@pytest.fixture
def partner_users(demo_users, roles) -> dict[str, User]:
    """Users of partner organisations: the police and municipality demo accounts, plus a
    probation and a mental-health user (both in Maastricht's network) and a colleague at the
    police."""
    made = {"police": demo_users["aanmelder"], "municipality": demo_users["aanmelder-gemeente"]}
    for key, organisation in (
        ("probation", "Reclassering (demo)"),
        ("mental_health", "GGZ-instelling (demo)"),
        ("police_colleague", "Politie (demo)"),
    ):
        user = User.objects.create_user(
            username=f"partner-{key}",
            email=f"{key}@partner.invalid",
            organisation=Organisation.objects.get(name=organisation),
        )
        user.roles.add(roles[RoleCode.REGISTRANT])
        made[key] = user
    return made


@pytest.fixture
def meeting(case, demo_users):
    """A case consultation a week after NOW, chaired by the procesregisseur, minutes by the
    screener."""
    kind = MeetingKind.objects.get(veiligheidshuis=case.veiligheidshuis, name="Casusoverleg")
    return meeting_plan(
        veiligheidshuis=case.veiligheidshuis,
        data=MeetingInput(
            kind_id=kind.pk,
            starts_at=NOW + timedelta(days=7),
            ends_at=NOW + timedelta(days=7, hours=1),
            place="Veiligheidshuis, zaal 2",
            chair_id=demo_users["regisseur"].pk,
            minute_taker_id=demo_users["screener"].pk,
        ),
        by=demo_users["screener"],
        now=NOW,
    )


__all__ = ["NOW", "Role", "decide_agenda"]
