"""Readiness checks: is this installation able to do its work?

Rules:
- Components: ``database`` (reachable), ``migrations`` (none unapplied), ``worker`` and
  ``scheduler`` (their heartbeat younger than ``ZVH_HEALTH_HEARTBEAT_MAX_AGE_SECONDS``) and
  ``outbox`` (fewer pending mails than ``ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT``).
- When the database cannot be reached, the others are reported failing without trying.
- A check never raises: an error is a failing component. Details are figures and ages only,
  never personal data; whether a caller sees them is decided in the view.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import structlog
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from zvh.notifications.models import OutgoingMail

from .models import Component, Heartbeat

log = structlog.get_logger(__name__)

COMPONENTS = ("database", "migrations", "worker", "scheduler", "outbox")


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    details: dict[str, float | int | str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Readiness:
    results: dict[str, CheckResult]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results.values())


def check_database(now: datetime) -> CheckResult:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        return CheckResult(ok=cursor.fetchone() == (1,))


_migrations_seen_complete = False


def check_migrations(now: datetime) -> CheckResult:
    """No migration of the code left unapplied (a complete state is remembered per process:
    migrations are never unapplied under a running release)."""
    global _migrations_seen_complete
    if _migrations_seen_complete:
        return CheckResult(ok=True)
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_seen_complete = not unapplied
    return CheckResult(ok=not unapplied, details={"unapplied": len(unapplied)})


def _heartbeat(component: Component, now: datetime) -> CheckResult:
    beat_at = (
        Heartbeat.objects.filter(component=component).values_list("beat_at", flat=True).first()
    )
    if beat_at is None:
        return CheckResult(ok=False, details={"age_seconds": None})
    age = (now - beat_at).total_seconds()
    limit = settings.ZVH_HEALTH_HEARTBEAT_MAX_AGE_SECONDS
    return CheckResult(ok=age <= limit, details={"age_seconds": round(age, 1), "limit": limit})


def check_worker(now: datetime) -> CheckResult:
    return _heartbeat(Component.WORKER, now)


def check_scheduler(now: datetime) -> CheckResult:
    return _heartbeat(Component.SCHEDULER, now)


def check_outbox(now: datetime) -> CheckResult:
    pending = OutgoingMail.objects.filter(status=OutgoingMail.Status.PENDING).count()
    limit = settings.ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT
    return CheckResult(ok=pending < limit, details={"pending": pending, "limit": limit})


CHECKS: dict[str, Callable[[datetime], CheckResult]] = {
    "database": check_database,
    "migrations": check_migrations,
    "worker": check_worker,
    "scheduler": check_scheduler,
    "outbox": check_outbox,
}


def _run(name: str, now: datetime) -> CheckResult:
    try:
        return CHECKS[name](now)
    except Exception as error:
        log.warning("health_check_error", component=name, error=type(error).__name__)
        return CheckResult(ok=False, details={"error": type(error).__name__})


def readiness(*, now: datetime, components: Iterable[str] = COMPONENTS) -> Readiness:
    """The checks of ``components`` (in the order of ``COMPONENTS``)."""
    wanted = [name for name in COMPONENTS if name in set(components)]
    results: dict[str, CheckResult] = {}
    database = _run("database", now)
    if "database" in wanted:
        results["database"] = database
    for name in wanted:
        if name == "database":
            continue
        results[name] = (
            _run(name, now)
            if database.ok
            else CheckResult(ok=False, details={"error": "database unreachable"})
        )
    return Readiness(results=results)
