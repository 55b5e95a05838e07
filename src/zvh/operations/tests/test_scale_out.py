"""The scale-out drill on PostgreSQL (CI's PostgreSQL pass): two gunicorn instances, two task
workers and two schedulers, all production settings, against one database and a real SMTP
server (aiosmtpd on loopback).

- 200 API submissions spread over both instances get gapless, unique references;
- every mail arrives; a worker killed with SIGKILL in the middle of a delivery loses nothing
  (its mail goes back to pending after the lease and another worker sends it; that one mail may
  arrive twice, with the same Message-ID: docs/decisions/0005-outbox.md); every other mail
  arrives exactly once;
- each periodic job runs once per period, although both schedulers tick every second.
"""

import asyncio
import os
import re
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.db import connection
from django_tasks_db.models import DBTaskResult

from zvh.notifications.models import JobRun, OutgoingMail
from zvh.operations.models import Component, Heartbeat

from . import stack

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]

SUBMISSIONS = 200
LEASE_SECONDS = 3


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def slow_smtp(smtp_server):
    """The SMTP server, taking 3 s over each message while ``slow`` is set (so a delivery is
    surely in progress when the drill kills its worker)."""
    slow = threading.Event()
    slow.set()
    handler = smtp_server.handler
    original = handler.handle_DATA

    async def handle_data(server, session, envelope):
        if slow.is_set():
            await asyncio.sleep(3)
        return await original(server, session, envelope)

    handler.handle_DATA = handle_data
    smtp_server.slow = slow
    return smtp_server


@pytest.fixture
def cluster(demo_users, slow_smtp, tmp_path):
    assert connection.vendor == "postgresql", "the drill runs on PostgreSQL (DATABASE_URL)"
    env = stack.clean_env(
        DJANGO_SETTINGS_MODULE="zvh.config.settings.production",
        DATABASE_URL=_database_url(),
        DJANGO_SECRET_KEY="drill-" + "s" * 60,
        ZVH_ACCESS_LOG_PERSON_KEY_SECRET="drill-" + "p" * 60,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        ZVH_API_RATE="100000/minute",
        EMAIL_HOST=slow_smtp.host,
        EMAIL_PORT=str(slow_smtp.port),
        ZVH_OUTBOX_SENDING_LEASE_SECONDS=str(LEASE_SECONDS),
        ZVH_OUTBOX_SWEEP_GRACE_SECONDS="0",
        ZVH_VAR_DIR=str(tmp_path),
        ZVH_LOG_FORMAT="console",
    )
    processes: dict[str, object] = {}
    urls = []
    try:
        for name in ("web1", "web2"):
            port = stack.free_port()
            processes[name] = stack.start(
                [str(stack.BIN / "gunicorn"), "-c", "python:zvh.config.gunicorn",
                 "zvh.config.wsgi"],
                env={**env, "PORT": str(port), "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "4",
                     "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / f"prometheus-{name}")},
                log=tmp_path / f"{name}.log",
            )  # fmt: skip
            urls.append(f"http://127.0.0.1:{port}")
        for name in ("worker1", "worker2"):
            processes[name] = stack.start(
                [str(stack.BIN / "python"), "manage.py", "db_worker", "--no-reload",
                 "--interval", "0.2", "--worker-id", f"drill-{name}"],
                env=env, log=tmp_path / f"{name}.log",
            )  # fmt: skip
        for name in ("scheduler1", "scheduler2"):
            processes[name] = stack.start(
                [str(stack.BIN / "python"), "manage.py", "run_scheduler", "--interval", "1"],
                env=env, log=tmp_path / f"{name}.log",
            )  # fmt: skip
        for url, name in zip(urls, ("web1", "web2"), strict=True):
            process = processes[name]
            stack.wait_until(
                lambda url=url: requests.get(
                    f"{url}/health/ready?check=database,migrations", timeout=5
                ).status_code == 200,
                timeout=60, what=f"{name} (log {tmp_path}/{name}.log)",
                alive=lambda process=process: process.poll() is None,
            )  # fmt: skip
        yield {"urls": urls, "processes": processes, "env": env, "logs": tmp_path}
    finally:
        for process in processes.values():
            stack.stop(process, timeout=15)


def _kill_a_worker_mid_delivery(cluster, smtp, killed: dict) -> None:
    """Wait for a delivery in progress, SIGKILL the worker running it, then let mail flow (in a
    thread: it closes its own database connection at the end)."""
    try:
        _kill(cluster, smtp, killed)
    finally:
        smtp.slow.clear()
        connection.close()


def _kill(cluster, smtp, killed: dict) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for task in DBTaskResult.objects.running():
            for name in ("worker1", "worker2"):
                if (
                    f"drill-{name}" in task.worker_ids
                    and OutgoingMail.objects.filter(status=OutgoingMail.Status.SENDING).exists()
                ):
                    time.sleep(0.5)  # well inside the 3 s the server takes over the message
                    killed["in_flight"] = set(
                        OutgoingMail.objects.filter(status=OutgoingMail.Status.SENDING).values_list(
                            "message_id", flat=True
                        )
                    )
                    os.kill(cluster["processes"][name].pid, signal.SIGKILL)
                    killed["name"] = name
                    return
        time.sleep(0.1)


def test_the_drill(cluster, slow_smtp):
    started = time.monotonic()
    token = stack.api_token({**cluster["env"]})
    domains = stack.life_domains(cluster["urls"][0], token)
    killed: dict = {}
    killer = threading.Thread(target=_kill_a_worker_mid_delivery, args=(cluster, slow_smtp, killed))
    killer.start()

    def one(n: int) -> tuple[int, str | None]:
        url = cluster["urls"][n % 2]
        try:
            response = stack.submit(url, token, stack.registration_body(domains, n))
        except requests.ConnectionError as error:
            return (-1, type(error).__name__)
        return (response.status_code, response.json().get("reference"))

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(one, range(SUBMISSIONS)))
    killer.join()
    submitted = time.monotonic()

    # 1. Gapless, unique references from both instances.
    assert [status for status, _ in answers] == [201] * SUBMISSIONS, Counter(a[0] for a in answers)
    numbers = sorted(int(re.fullmatch(r"MST-\d{4}-(\d{5})", ref).group(1)) for _, ref in answers)
    assert numbers == list(range(1, SUBMISSIONS + 1))

    # 2. A worker was killed mid-delivery; every mail still goes out.
    assert killed.get("name"), "no delivery in progress to interrupt"
    assert cluster["processes"][killed["name"]].poll() == -signal.SIGKILL
    deadline = time.monotonic() + 150
    while OutgoingMail.objects.exclude(status=OutgoingMail.Status.SENT).exists():
        assert time.monotonic() < deadline, Counter(
            OutgoingMail.objects.values_list("status", flat=True)
        )
        time.sleep(0.5)
    drained = time.monotonic()
    expected = set(OutgoingMail.objects.values_list("message_id", flat=True))
    assert len(expected) >= SUBMISSIONS  # at least the meldpunt's notice per registration
    slow_smtp.wait_for(len(expected))
    received = Counter(message["Message-ID"] for message in slow_smtp.messages)
    assert set(received) == expected, "lost or unknown mails"
    twice = {message_id for message_id, n in received.items() if n > 1}
    assert twice <= killed["in_flight"], f"sent twice without a crash: {twice}"
    assert all(n <= 2 for n in received.values())

    # 3. Periodic jobs: once per period, though two schedulers ticked every second.
    beats = JobRun.objects.filter(job="heartbeat")
    assert beats.count() >= 1
    assert beats.count() == len(set(beats.values_list("period", flat=True)))
    heartbeat_tasks = DBTaskResult.objects.filter(task_path__endswith="worker_heartbeat").count()
    assert heartbeat_tasks == beats.count()
    assert Heartbeat.objects.get(component=Component.WORKER).beat_at is not None
    sweeps = JobRun.objects.filter(job="outbox_sweep")
    assert sweeps.count() == len(set(sweeps.values_list("period", flat=True))) >= 1

    print(f"drill: submissions {submitted - started:.0f} s, mail drained after "
          f"{drained - submitted:.0f} s more; killed {killed['name']}; "
          f"{len(expected)} mails, {len(twice)} delivered twice")  # fmt: skip
