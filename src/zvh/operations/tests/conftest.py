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


def pytest_collection_modifyitems(config, items):
    """This app's ``@pytest.mark.postgresql`` tests run in CI's PostgreSQL pass and its
    ``@pytest.mark.sqlite`` ones in the SQLite pass; each is deselected in the other pass, unless
    asked for by ``-m`` (then it fails: the wrong database)."""
    import os

    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres:", "postgresql:"))
    other = "sqlite" if on_postgresql else "postgresql"
    if other in (config.getoption("markexpr") or ""):
        return
    here = os.path.dirname(__file__)
    elsewhere = [
        item for item in items if item.get_closest_marker(other) and str(item.path).startswith(here)
    ]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if item not in elsewhere]
