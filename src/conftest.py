"""Fixtures shared by every app's tests."""

import pytest

from zvh.accounts.models import User
from zvh.demo.services import demo_load
from zvh.network.models import Municipality, Veiligheidshuis
from zvh.network.services import configurations_load_shipped

TEST_PASSWORD = "test-wachtwoord-zvh"  # noqa: S105


@pytest.fixture
def houses(db) -> dict[str, Veiligheidshuis]:
    """The shipped configurations (Sittard and Maastricht), by short code."""
    return {vh.code: vh for vh in configurations_load_shipped()}


@pytest.fixture
def municipalities(houses) -> dict[str, Municipality]:
    """The shipped municipalities, by name."""
    return {m.name: m for m in Municipality.objects.all()}


@pytest.fixture
def demo_users(db) -> dict[str, User]:
    """The demo organisations and one account per role, by username (password TEST_PASSWORD)."""
    return {user.username: user for user in demo_load(password=TEST_PASSWORD)}


@pytest.fixture
def login(client):
    """Log the test client in as a user; returns the client."""

    def _login(user: User):
        client.force_login(user)
        return client

    return _login
