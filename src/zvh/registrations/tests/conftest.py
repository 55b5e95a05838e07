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
from zvh.registrations.models import ON_BEHALF_CHANNELS, Channel, Registration
from zvh.registrations.services import (
    PersonInput,
    registration_save_draft,
    registration_start,
    registration_start_on_behalf,
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


#: The demo screener of each Veiligheidshuis, by short code.
SCREENERS = {"MST": "screener", "STD": "screener-sittard"}


@pytest.fixture
def make_draft(registrant, municipalities, demo_users) -> Callable[..., Registration]:
    """Start a draft for a resident of ``municipality`` and, with ``complete=True``, fill in
    everything a submission needs.

    With a phone or e-mail ``channel`` the draft is the meldpunt's, recorded on behalf of the
    registrant's organisation (``registrant`` the partner's user, or None) by ``by`` (default:
    the demo screener of the Veiligheidshuis serving the municipality), received at
    ``received_at`` (default: ``NOW``)."""

    def _make(
        *,
        municipality: str = "Maastricht",
        by: User | None = None,
        channel: str = Channel.WEB_FORM,
        complete: bool = True,
        received_at: datetime = NOW,
        partner_user: User | None = None,
        **overrides,
    ) -> Registration:
        place = municipalities[municipality]
        if channel in ON_BEHALF_CHANNELS:
            vh = place.veiligheidshuis
            user = by or demo_users[SCREENERS[vh.code]]
            registration = registration_start_on_behalf(
                recorded_by=user,
                veiligheidshuis=vh,
                organisation=registrant.organisation,
                registrant=partner_user,
                channel=channel,
                received_at=received_at,
            )
            overrides.setdefault("contact_name", "Contactpersoon Politie")
            overrides.setdefault("contact_email", "contact.politie@example.org")
        else:
            user = by or registrant
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
