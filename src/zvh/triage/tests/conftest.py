"""Fixtures for the meldpunt's tests: submitted registrations built directly with the factories."""

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from zvh.deadlines.calculation import reply_deadline
from zvh.registrations.models import Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

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
