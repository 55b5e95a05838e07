"""/health/live and /health/ready: open to everyone, ok/failing per component (figures only for
a superuser or the metrics token), each component failing in turn."""

import json
import subprocess
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from zvh.accounts.models import User
from zvh.notifications.models import OutgoingMail
from zvh.operations.models import Component, Heartbeat

from . import stack

ALL = ["database", "migrations", "worker", "scheduler", "outbox"]


def ready(client, **extra):
    response = client.get("/health/ready", **extra)
    return response.status_code, response.json()


def pending_mail(n: int) -> OutgoingMail:
    return OutgoingMail.objects.create(
        idempotency_key=f"health-{n}",
        message_id=f"<health-{n}@zvh-tests.invalid>",
        template_key="registration_received",
        language="nl",
        recipients=["meldpunt@example.invalid"],
        subject="Aanmelding",
        body="Referentie en link.",
    )


def test_live_answers_without_touching_the_database(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_every_component_is_ok(client, fresh_heartbeats):
    status, body = ready(client)
    assert status == 200
    assert body == {"status": "ok", "checks": dict.fromkeys(ALL, "ok")}


@pytest.mark.parametrize("component", [Component.WORKER, Component.SCHEDULER])
def test_a_stale_heartbeat_fails_its_component(client, fresh_heartbeats, settings, component):
    settings.ZVH_HEALTH_HEARTBEAT_MAX_AGE_SECONDS = 300
    Heartbeat.objects.filter(component=component).update(
        beat_at=timezone.now() - timedelta(seconds=301)
    )
    status, body = ready(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["checks"] == {**dict.fromkeys(ALL, "ok"), component.value: "failing"}


def test_a_component_that_never_beat_fails(client, fresh_heartbeats):
    Heartbeat.objects.filter(component=Component.WORKER).update(beat_at=None)
    status, body = ready(client)
    assert (status, body["checks"]["worker"]) == (503, "failing")


def test_an_outbox_backlog_at_the_limit_fails_the_outbox(client, fresh_heartbeats, settings):
    settings.ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT = 3
    for n in range(2):
        pending_mail(n)
    assert ready(client)[0] == 200
    pending_mail(2)
    status, body = ready(client)
    assert status == 503
    assert body["checks"] == {**dict.fromkeys(ALL, "ok"), "outbox": "failing"}


def test_an_unapplied_migration_fails_the_migrations(client, fresh_heartbeats):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = 'operations' AND name = '0001_initial'"
        )
    status, body = ready(client)
    assert status == 503
    assert body["checks"] == {**dict.fromkeys(ALL, "ok"), "migrations": "failing"}


def test_an_unreachable_database_fails_everything(tmp_path):
    """The same checks from the command line, against a database nobody listens for."""
    env = stack.clean_env(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{stack.free_port()}/zvh_nowhere",
        DJANGO_SETTINGS_MODULE="zvh.config.settings.dev",
        ZVH_VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(  # noqa: S603
        [str(stack.BIN / "python"), "manage.py", "health_check"],
        cwd=stack.REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    body = json.loads(result.stdout.strip().splitlines()[-1])
    assert body["checks"] == dict.fromkeys(ALL, "failing")
    assert body["details"]["database"] == {"error": "OperationalError"}


def test_the_command_passes_when_ready(fresh_heartbeats, capsys):
    from django.core.management import call_command

    call_command("health_check")
    assert json.loads(capsys.readouterr().out)["status"] == "ok"


def test_only_the_components_asked_for(db, client):
    """Nothing beat (no worker yet), but the web process itself is ready for traffic."""
    status, body = ready(client, QUERY_STRING="check=database,migrations")
    assert status == 200
    assert body["checks"] == {"database": "ok", "migrations": "ok"}
    response = client.get("/health/ready", {"check": "database,disk"})
    assert response.status_code == 400


def test_anonymous_callers_see_no_figures(client, fresh_heartbeats):
    assert "details" not in ready(client)[1]


def test_a_superuser_and_the_metrics_token_see_the_figures(client, fresh_heartbeats, settings):
    settings.ZVH_METRICS_TOKEN = "t" * 40
    pending_mail(1)
    _, body = ready(client, HTTP_AUTHORIZATION="Bearer " + "t" * 40)
    assert body["details"]["outbox"] == {
        "pending": 1,
        "limit": settings.ZVH_HEALTH_OUTBOX_BACKLOG_LIMIT,
    }
    assert 0 <= body["details"]["worker"]["age_seconds"] < 60
    assert "details" not in ready(client, HTTP_AUTHORIZATION="Bearer wrong")[1]
    root = User.objects.create_superuser(username="root-ops", email="root@demo.invalid")
    from conftest import force_login_verified

    force_login_verified(client, root)
    assert "outbox" in ready(client)[1]["details"]


def test_a_logged_in_user_without_the_superuser_flag_sees_no_figures(
    client, fresh_heartbeats, demo_users, login
):
    login(demo_users["beheerder"])
    assert "details" not in ready(client)[1]


def test_load_balancers_may_use_head_but_nobody_may_post(db, client, fresh_heartbeats):
    assert client.head("/health/live").status_code == 200
    assert client.head("/health/ready").status_code == 200
    assert client.post("/health/ready").status_code == 405
