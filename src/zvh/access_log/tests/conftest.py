"""Fixtures for the access log tests: registrations with persons, and entries about them."""

import datetime as dt

import pytest

from zvh.access_log.enums import Purpose
from zvh.access_log.shortcuts import log_read
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory


@pytest.fixture
def registration(demo_users, houses):
    """A Maastricht registration of a person with a known (generated) BSN and birth date."""
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["MST"],
        reference="MST-2026-00042",
        status="received",
    )
    PersonFactory(
        registration=registration,
        bsn="111222333",
        given_names="Jan Pieter",
        surname_prefix="van",
        surname="Dijk",
        date_of_birth=dt.date(1980, 1, 2),
    )
    return registration


@pytest.fixture
def sittard_registration(demo_users, houses):
    registration = RegistrationFactory(
        registrant=demo_users["aanmelder"],
        veiligheidshuis=houses["STD"],
        reference="STD-2026-00007",
        status="received",
    )
    PersonFactory(registration=registration, bsn="111222333", date_of_birth=dt.date(1980, 1, 2))
    return registration


@pytest.fixture
def read_as(rf):
    """``read_as(user, registration)``: the user views the registration, logged by ``log_read``
    as a view would (``log_read(request, registration, purpose=…)``)."""

    def _read(user, registration, *, purpose=Purpose.TRIAGE, address="192.0.2.10"):
        request = rf.get("/", REMOTE_ADDR=address)
        request.user = user
        return log_read(request, registration, purpose=purpose)

    return _read
