"""The migrations that move the history next to the status and make "closed" a status: the rows
stay (same table, same ids), closed cases become CLOSED with their history, and back again."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zvh.registrations.models import StatusChange
from zvh.registrations.status import Status
from zvh.triage.closure import case_close
from zvh.triage.models import Decision

BEFORE = [("registrations", "0003_queue_and_list_indexes"), ("triage", "0002_decision_closed_at")]
AFTER = [("triage", "0004_closed_cases_get_status_closed")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def rows(sql: str, *params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def status_of(registration) -> str:
    return rows("SELECT status FROM registrations_registration WHERE id = %s", registration.pk)[0][
        0
    ]


def history_of(registration) -> list[tuple]:
    return rows(
        "SELECT id, from_status, to_status, why, by_id FROM triage_statuschange"
        " WHERE registration_id = %s ORDER BY id",
        registration.pk,
    )


@pytest.mark.django_db(transaction=True)
def test_the_history_stays_and_closed_cases_become_closed(make_decided, demo_users):
    regisseur = demo_users["regisseur"]
    closed = make_decided(days_ago=5)
    case_close(registration=closed, by=regisseur, closed_on=timezone.localdate())
    # as it was when this migration ran: the closing stored on the decision (since
    # casework/0004 it is the case's, ``Case.closed_at``)
    Decision.objects.filter(registration=closed).update(closed_at=timezone.now())
    # a case closed without its history row (a closing date set by hand)
    unlogged = make_decided(days_ago=4)
    Decision.objects.filter(registration=unlogged).update(
        closed_at=timezone.now() - timedelta(days=1)
    )
    running = make_decided(days_ago=3)
    StatusChange.objects.create(
        registration=running,
        from_status=Status.SCREENING,
        to_status=Status.DECIDED,
        at=timezone.now(),
        by=demo_users["screener"],
        why="decided",
    )
    count = StatusChange.objects.count()
    [(closing_id, *_)] = history_of(closed)
    try:
        migrate(BEFORE)
        # back: "closed" was a decided registration with a decided → decided row
        assert status_of(closed) == "decided"
        assert history_of(closed) == [
            (closing_id, "decided", "decided", "case closed", regisseur.pk)
        ]
        assert rows("SELECT COUNT(*) FROM triage_statuschange")[0][0] == count
        assert ContentType.objects.filter(app_label="triage", model="statuschange").exists()

        migrate(AFTER)
        assert status_of(closed) == "closed"
        assert history_of(closed) == [
            (closing_id, "decided", "closed", "case closed", regisseur.pk)
        ]
        assert status_of(unlogged) == "closed"
        [(_, *added)] = history_of(unlogged)
        assert added == ["decided", "closed", "case closed", None]
        assert status_of(running) == "decided"
        assert history_of(running)[0][1:3] == ("screening", "decided")
        assert StatusChange.objects.count() == count + 1
        assert ContentType.objects.get_for_model(StatusChange).app_label == "registrations"
        assert not ContentType.objects.filter(app_label="triage", model="statuschange").exists()
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
