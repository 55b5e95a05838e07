"""Fixtures for the registrant's tests: drafts started and filled in through the services."""

import random
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from faker import Faker

from zvh.accounts.models import User
from zvh.common.bsn import generate_bsn
from zvh.network.models import Municipality
from zvh.network.selectors import target_groups_for_municipality
from zvh.registrations.models import Channel, Registration
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
)

#: A Monday morning in November (Europe/Amsterdam 10:00).
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

fake = Faker("nl_NL")
Faker.seed(20261123)
rng = random.Random(20261123)


def person_values(municipality: Municipality | None = None, **overrides) -> dict:
    """A synthetic person: generated name and date of birth, a generated elfproef BSN."""
    values = {
        "given_names": fake.first_name(),
        "surname": fake.last_name(),
        "date_of_birth": date(1984, 5, 17),
        "bsn": generate_bsn(rng),
        "street": fake.street_address(),
        "postal_code": "6211 AB",
        "city": "Maastricht",
    }
    if municipality is not None:
        values["municipality"] = municipality
    values.update(overrides)
    return values


def complete_values(registration: Registration, municipality: Municipality, **overrides) -> dict:
    """Registration fields that make a draft complete."""
    values = {
        "target_group": target_groups_for_municipality(municipality=municipality).first(),
        "reason": "Toenemende overlast en zorgen over de kinderen.",
        "situation": fake.paragraph(),
        "life_domains": list(registration.veiligheidshuis.life_domains.all()[:2]),
        "urgency": "normal",
        "client_informed": True,
        "client_informed_on": date(2026, 11, 20),
        "client_informed_how": "Telefonisch",
    }
    values.update(overrides)
    return values


@pytest.fixture
def registrant(demo_users) -> User:
    """The police registrant (Politie (demo), member of both networks)."""
    return demo_users["aanmelder"]


@pytest.fixture
def make_draft(registrant, municipalities) -> Callable[..., Registration]:
    """Start a draft for a resident of ``municipality`` and, with ``complete=True``, fill in
    everything a submission needs."""

    def _make(
        *,
        municipality: str = "Maastricht",
        by: User | None = None,
        channel: str = Channel.WEB_FORM,
        complete: bool = True,
        **overrides,
    ) -> Registration:
        user = by or registrant
        place = municipalities[municipality]
        registration = registration_start(
            registrant=user, municipality=place, token=None, channel=channel
        )
        if not complete:
            return registration
        main = registration.persons.get()
        return registration_save_draft(
            registration=registration,
            by=user,
            values=complete_values(registration, place, **overrides),
            persons=[PersonInput(id=main.pk, values=person_values(place))],
        )

    return _make
