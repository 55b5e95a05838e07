"""Fixtures for the meldpunt's tests: submitted registrations built directly with the factories."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from zvh.casework.services.cases import case_open_for_decision
from zvh.deadlines.calculation import reply_deadline
from zvh.network.enums import Outcome as DecisionOutcome
from zvh.network.models import SelectionCriterion
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory
from zvh.triage.models import ApproachMode, Decision, ScreeningAnswer

#: A Monday morning (Europe/Amsterdam 10:00).
RECEIVED_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

_counter = {"n": 0}


@pytest.fixture
def make_submitted(demo_users, houses, municipalities) -> Callable[..., Registration]:
    """Build a registration as submission leaves it: RECEIVED, with a reference, the moment of
    receipt, the reply deadline, and a main person in a municipality of the Veiligheidshuis."""

    def _make(
        *,
        vh: str = "MST",
        registrant: str = "aanmelder",
        received_at: datetime = RECEIVED_AT,
        status: Status = Status.RECEIVED,
        municipality: str | None = None,
        person: dict | None = None,
        **fields,
    ) -> Registration:
        house = houses[vh]
        _counter["n"] += 1
        registration = RegistrationFactory(
            registrant=demo_users[registrant],
            veiligheidshuis=house,
            status=status,
            reference=f"{vh}-{received_at.year}-{_counter['n']:05d}",
            received_at=received_at,
            deadline_at=reply_deadline(house.reply_term, received_at=received_at),
            **fields,
        )
        default_municipality = "Maastricht" if vh == "MST" else "Sittard-Geleen"
        PersonFactory(
            registration=registration,
            municipality=municipalities[municipality or default_municipality],
            **(person or {}),
        )
        return registration

    return _make


@pytest.fixture
def make_decided(make_submitted, demo_users):
    """A registration decided with ``outcome`` (a procesregisseur for the integrated approach)."""

    def _make(
        outcome=DecisionOutcome.INTEGRATED_APPROACH, *, regisseur=None, vh="MST", days_ago=3
    ) -> Registration:
        decided_at = timezone.now() - timedelta(days=days_ago)
        registration = make_submitted(
            vh=vh, received_at=decided_at - timedelta(days=2), status=Status.DECIDED
        )
        registration.decided_at = decided_at
        registration.decided_late = False
        registration.save()
        integrated = outcome == DecisionOutcome.INTEGRATED_APPROACH
        screener = demo_users["screener" if vh == "MST" else "screener-sittard"]
        decision = Decision.objects.create(
            registration=registration,
            outcome=outcome,
            motivation="Regie door het Veiligheidshuis is nodig.",
            approach_mode=ApproachMode.DRANG if integrated else "",
            procesregisseur=(regisseur or demo_users["regisseur"]) if integrated else None,
            decided_by=screener,
            decided_at=decided_at,
        )
        # as the decision service does: "agenda" and "integrated approach" open a case
        with transaction.atomic():
            case_open_for_decision(decision=decision, by=screener, now=decided_at)
        return registration

    return _make


def answer_every_criterion(registration: Registration, *, by) -> None:
    """Answer every selection criterion of the registration's Veiligheidshuis (yes, with a
    motivation), as a screener would before deciding: a decision needs them all (issue 14).
    Written as the records a save leaves, without a status change or a version bump."""
    for criterion in SelectionCriterion.objects.filter(
        veiligheidshuis_id=registration.veiligheidshuis_id
    ):
        ScreeningAnswer.objects.update_or_create(
            registration=registration,
            criterion=criterion,
            defaults={
                "answer": True,
                "motivation": "Blijkt uit de aanmelding.",
                "answered_by": by,
                "answered_at": timezone.now(),
            },
        )
