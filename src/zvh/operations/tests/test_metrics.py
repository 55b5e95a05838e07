"""/metrics: only with the bearer token from ZVH_METRICS_TOKEN (none configured: 404), in
Prometheus' text format, computed from the database in a constant number of queries."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from zvh.accounts.models import User
from zvh.intake.services import mail_receive
from zvh.notifications.models import OutgoingMail
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import RegistrationFactory

from .test_health import pending_mail

TOKEN = "m" * 48
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture
def token(settings) -> str:
    settings.ZVH_METRICS_TOKEN = TOKEN
    return TOKEN


def samples(response) -> dict[tuple[str, tuple], float]:
    text = response.content.decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_without_a_configured_token_there_is_no_endpoint(db, client, settings, login):
    settings.ZVH_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    root = User.objects.create_superuser(username="root-metrics", email="r@demo.invalid")
    login(root)
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize(
    "header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"]
)
def test_a_missing_or_wrong_token_is_refused(db, client, token, header):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = client.get("/metrics", **extra)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.content == b""


def test_a_session_is_not_a_token(client, token, demo_users, login):
    login(demo_users["beheerder"])
    assert client.get("/metrics").status_code == 401


def test_the_state_of_the_installation(client, token, demo_users, houses):
    now = timezone.now()
    police = demo_users["aanmelder"]
    for status, deadline in [
        (Status.RECEIVED, now - timedelta(days=1)),  # overdue
        (Status.SCREENING, now + timedelta(days=3)),
        (Status.DECIDED, now - timedelta(days=9)),  # not open
    ]:
        RegistrationFactory(
            registrant=police, veiligheidshuis=houses["MST"], status=status,
            deadline_at=deadline, received_at=now - timedelta(days=10),
        )  # fmt: skip
    old = pending_mail(1)
    OutgoingMail.objects.filter(pk=old.pk).update(created_at=now - timedelta(minutes=40))
    failed = pending_mail(2)
    OutgoingMail.objects.filter(pk=failed.pk).update(status=OutgoingMail.Status.FAILED)
    mail_receive(
        raw=b"From: iemand@example.org\r\nTo: meldpunt@veiligheidshuismaastricht.nl\r\n"
        b"Subject: Aanmelding\r\nMessage-ID: <metrics@example.org>\r\n\r\nZie bijlage.\r\n",
        mail_from="iemand@example.org",
        rcpt_to=["meldpunt@veiligheidshuismaastricht.nl"],
        received_at=now,
    )
    AccessAttempt.objects.create(
        username="iemand", ip_address="192.0.2.1", user_agent="x", http_accept="*/*",
        path_info="/accounts/login/", get_data="", post_data="", failures_since_start=5,
    )  # fmt: skip
    client.get("/health/live")

    response = client.get("/metrics", **AUTH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    got = samples(response)
    assert got[("zvh_registrations_open", (("veiligheidshuis", "MST"),))] == 2
    assert got[("zvh_registrations_overdue", (("veiligheidshuis", "MST"),))] == 1
    assert got[("zvh_registrations_open", (("veiligheidshuis", "STD"),))] == 0
    assert got[("zvh_outbox_mails", (("status", "pending"),))] == 1
    assert got[("zvh_outbox_mails", (("status", "failed"),))] == 1
    assert 40 * 60 <= got[("zvh_outbox_oldest_pending_age_seconds", ())] < 45 * 60
    assert got[("zvh_intake_quarantine_mails", (("veiligheidshuis", "MST"),))] == 1
    assert got[("zvh_login_lockouts", ())] == 1
    assert ("zvh_task_queue_lag_seconds", ()) in got
    assert got[("zvh_heartbeat_age_seconds", (("component", "worker"),))] == float("inf")
    live = (("method", "GET"), ("status", "200"), ("view", "operations:health-live"))
    assert got[("zvh_http_requests_total", live)] >= 1
    assert (
        "zvh_http_request_duration_seconds_count",
        (("method", "GET"), ("view", "operations:health-live")),
    ) in got
    # Nothing personal: only codes and counts.
    text = response.content.decode()
    assert "iemand" not in text
    assert police.username not in text


def test_a_scrape_takes_the_same_queries_however_many_rows(
    client, token, demo_users, houses, django_assert_num_queries
):
    def scrape_with(n: int) -> None:
        for _ in range(n):
            RegistrationFactory(
                registrant=demo_users["aanmelder"], veiligheidshuis=houses["MST"],
                status=Status.RECEIVED, deadline_at=timezone.now(),
            )  # fmt: skip
            pending_mail(OutgoingMail.objects.count() + 100)
        with django_assert_num_queries(7):
            assert client.get("/metrics", **AUTH).status_code == 200

    scrape_with(1)
    scrape_with(5)
