"""`make run`'s server stack for real: scripts/run-embedded (what `make run` runs) on a fresh
embedded database in a temporary directory and a free loopback port, then a burst of 50
concurrent API submissions. Every one gets an answer (201, or 429/503 with Retry-After), never a
reset connection or a 5xx; the worker and scheduler beside it make /health/ready pass."""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from . import stack

BURST = 50
METRICS_TOKEN = "embedded-" + "t" * 40


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    var = tmp_path_factory.mktemp("embedded")
    port = stack.free_port()
    env = stack.clean_env(
        HOST="127.0.0.1",
        PORT=str(port),
        ZVH_VAR_DIR=str(var),
        DJANGO_STATIC_ROOT=str(var / "static"),
        BIN=str(stack.BIN),
        ZVH_METRICS_TOKEN=METRICS_TOKEN,
    )
    log = var / "run.log"
    process = stack.start([str(stack.REPO / "scripts" / "run-embedded")], env=env, log=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        stack.wait_until(
            lambda: requests.get(f"{base_url}/health/live", timeout=5).status_code == 200,
            timeout=240,
            what=f"make run's server (log: {log})",
            alive=lambda: process.poll() is None,
        )
        yield {
            "base_url": base_url,
            "env": {**env, "DJANGO_SETTINGS_MODULE": "zvh.config.settings.embedded"},
            "log": log,
        }
    finally:
        code = stack.stop(process)
    # Stopping the script (as Ctrl+C does) ends it cleanly: the worker and scheduler with it.
    assert code == 0, log.read_text()[-3000:]


def test_a_burst_of_50_submissions_gets_50_answers(embedded):
    base_url = embedded["base_url"]
    token = stack.api_token(embedded["env"])
    domains = stack.life_domains(base_url, token)

    def one(n: int) -> tuple[int, str | None, str | None]:
        try:
            response = stack.submit(base_url, token, stack.registration_body(domains, n))
        except requests.ConnectionError as error:  # a reset or refused connection
            return (-1, None, type(error).__name__)
        reference = response.json().get("reference") if response.status_code == 201 else None
        return (response.status_code, reference, response.headers.get("Retry-After"))

    with ThreadPoolExecutor(max_workers=BURST) as pool:
        answers = list(pool.map(one, range(BURST)))

    statuses = [status for status, _, _ in answers]
    assert -1 not in statuses, f"connections reset or refused: {answers}"
    assert all(status in {201, 429, 503} for status in statuses), statuses
    assert all(retry for status, _, retry in answers if status in {429, 503}), answers
    created = [reference for status, reference, _ in answers if status == 201]
    assert len(created) == len(set(created))
    assert all(created)
    # On this stack (2 workers x 4 threads, a queue of 2048) nobody is even asked to come back.
    assert len(created) == BURST, statuses

    # The request metrics of both gunicorn workers, summed, whichever worker answers the scrape.
    for _ in range(3):
        scrape = requests.get(
            f"{base_url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=30
        )
        assert scrape.status_code == 200
        created_line = re.search(
            r'^zvh_http_requests_total\{method="POST",status="201",'
            r'view="api:registration-list"\} (\S+)$',
            scrape.text,
            re.M,
        )
        assert created_line, scrape.text[:3000]
        assert float(created_line.group(1)) == BURST


def test_it_runs_with_debug_off_and_serves_collected_static_files(embedded):
    base_url = embedded["base_url"]
    missing = requests.get(f"{base_url}/bestaat-niet/", timeout=30)
    assert missing.status_code == 404
    assert "Traceback" not in missing.text
    assert "DEBUG" not in missing.text
    login = requests.get(f"{base_url}/accounts/login/", timeout=30)
    assert login.status_code == 200
    assert "Python" not in login.headers.get("Server", "")
    assert "WSGI" not in login.headers.get("Server", "")
    # Hashed names from the manifest, served by whitenoise with far-future caching.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', login.text)
    assert stylesheet, login.text[:2000]
    static = requests.get(base_url + stylesheet.group(1), timeout=30)
    assert static.status_code == 200
    assert "immutable" in static.headers["Cache-Control"]


def test_the_worker_and_scheduler_beside_it_make_it_ready(embedded):
    """The scheduler's heartbeat job runs at its first tick and enqueues the worker's beat."""
    base_url = embedded["base_url"]
    stack.wait_until(
        lambda: requests.get(f"{base_url}/health/ready", timeout=10).status_code == 200,
        timeout=120,
        what=f"/health/ready (log: {embedded['log']})",
        alive=lambda: True,
    )
    body = requests.get(f"{base_url}/health/ready", timeout=10).json()
    assert body == {
        "status": "ok",
        "checks": dict.fromkeys(["database", "migrations", "worker", "scheduler", "outbox"], "ok"),
    }


def test_the_database_runs_in_wal_mode(embedded):
    import sqlite3

    path = embedded["env"]["ZVH_VAR_DIR"] + "/zvh.sqlite3"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
