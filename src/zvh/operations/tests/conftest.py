from datetime import timedelta

import pytest
from django.utils import timezone

from zvh.operations import health
from zvh.operations.models import Component, Heartbeat


@pytest.fixture
def fresh_heartbeats(db) -> None:
    """Both background components beat a moment ago."""
    for component in Component:
        Heartbeat.objects.update_or_create(
            component=component, defaults={"beat_at": timezone.now() - timedelta(seconds=5)}
        )


@pytest.fixture(autouse=True)
def _forget_migration_state(monkeypatch):
    """The migrations check remembers a complete state per process; each test starts afresh."""
    monkeypatch.setattr(health, "_migrations_seen_complete", False)
