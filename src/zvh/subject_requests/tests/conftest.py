"""Fixtures: the privacy officers, a request's details, a registered request."""

import datetime as dt

import pytest

from zvh.accounts.models import Role, User
from zvh.accounts.roles import RoleCode
from zvh.deadlines.calculation import LOCAL_TZ
from zvh.subject_requests.enums import RequesterKind, RequestKind
from zvh.subject_requests.services import (
    PersonInput,
    RequestDetails,
    RequesterInput,
    subject_request_register,
)

#: A generated (elfproef-valid) BSN and a made-up person.
BSN = "111222333"
ADDRESS = "Teststraat 1\n6211 AA Maastricht"
#: Thursday 3 December 2026, 10:00 in Maastricht.
NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=LOCAL_TZ)


@pytest.fixture
def officer(demo_users) -> User:
    return demo_users["privacy"]


def _staff(demo_users, username: str, role: RoleCode, like: str) -> User:
    user = User.objects.create_user(
        username=username,
        organisation=demo_users[like].organisation,
        email=f"{username}@demo.invalid",
    )
    user.roles.add(Role.objects.get(code=role))
    return user


@pytest.fixture
def second_officer(demo_users) -> User:
    """Another privacy officer of Maastricht."""
    return _staff(demo_users, "privacy-2", RoleCode.PRIVACY_OFFICER, "privacy")


@pytest.fixture
def sittard_officer(demo_users) -> User:
    return _staff(demo_users, "privacy-sittard", RoleCode.PRIVACY_OFFICER, "screener-sittard")


def details(**overrides) -> RequestDetails:
    values = {
        "kind": RequestKind.ACCESS,
        "person": PersonInput(
            bsn=BSN, surname="van Dijk", given_names="Jan Pieter", date_of_birth=dt.date(1980, 1, 2)
        ),
        "requester": RequesterInput(
            kind=RequesterKind.SUBJECT, name="J.P. van Dijk", address=ADDRESS
        ),
        "received_on": dt.date(2026, 12, 1),
    }
    values.update(overrides)
    return RequestDetails(**values)


@pytest.fixture
def make_request(officer):
    def _make(*, by=None, now=NOW, **overrides):
        return subject_request_register(
            by=by or officer, details=details(**overrides), now=now, client_address="192.0.2.7"
        )

    return _make
