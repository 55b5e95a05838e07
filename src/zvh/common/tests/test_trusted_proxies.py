"""Behind a real reverse proxy (Debian's nginx on loopback, as the README prescribes), every
client keeps its own address: the lockout, the login form's per-address slow-down, the API's
per-address rate limit and the access log all see the client, not the proxy; a client that
claims another address in X-Forwarded-For without passing our proxy is not believed (issue 17,
point 2). Clients are told apart by their loopback source address (127.0.0.2, .3, …)."""

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from axes.models import AccessAttempt
from django.core.cache import cache
from django.utils import timezone
from requests.adapters import HTTPAdapter
from rest_framework.settings import api_settings

from conftest import TEST_PASSWORD
from zvh.accounts import lockout
from zvh.api.services import api_client_create
from zvh.registrations.status import Status
from zvh.registrations.tests.access_logging import entries_after, last_sequence
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)

NGINX = os.environ.get("ZVH_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
ATTACKER, USER, OTHER, SPOOFER = "127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx stopped with exit code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not start listening")


@pytest.fixture
def proxy_url(live_server, tmp_path: Path, settings) -> Iterator[str]:
    """nginx on 127.0.0.1 in front of the live server, adding the client to X-Forwarded-For as
    production's configuration does; zvh trusts 127.0.0.1 (the proxy) and nothing else."""
    assert Path(NGINX).exists(), "nginx is missing: run scripts/ensure-nginx (make test does)"
    settings.ZVH_TRUSTED_PROXIES = ["127.0.0.1"]
    upstream = live_server.url.removeprefix("http://")
    port = _free_port()
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / name).mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"""
daemon off;
master_process off;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/client_body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://{upstream};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603 (our own fixed command line)
        [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process, deadline=time.monotonic() + 20)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class _FromAddress(HTTPAdapter):
    """Connections from a given loopback address (a client of its own)."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(address: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", _FromAddress(address))
    return session


def login_attempt(base: str, address: str, username: str, password: str) -> requests.Response:
    """One password attempt through the real login form (with its CSRF token)."""
    session = session_from(address)
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return session.post(
        f"{base}/accounts/login/",
        data={
            "csrfmiddlewaretoken": token,
            "login_view-current_step": "auth",
            "auth-username": username,
            "auth-password": password,
        },
        timeout=30,
    )


@pytest.fixture
def waits(monkeypatch, settings) -> list[float]:
    """The login form's per-address waits (short here), noted as they are waited."""
    settings.ZVH_LOGIN_ADDRESS_FREE_FAILURES = 3
    settings.ZVH_LOGIN_ADDRESS_DELAY_SECONDS = 0.01
    settings.ZVH_LOGIN_ADDRESS_MAX_DELAY_SECONDS = 0.01
    noted: list[float] = []

    def noting_sleep(seconds: float) -> None:
        noted.append(seconds)
        time.sleep(seconds)

    monkeypatch.setattr(lockout, "sleep", noting_sleep)
    return noted


def test_lockout_and_the_login_slow_down_see_each_client_behind_the_proxy(
    proxy_url, demo_users, waits
):
    # one client fails for unknown names: that client is slowed down, nobody is locked
    for i in range(5):
        assert login_attempt(proxy_url, ATTACKER, f"onbekend-{i}", "fout-1").status_code == 200
    assert len(waits) == 1
    addresses = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert addresses == {ATTACKER}
    # another client behind the same proxy logs in at once
    waits.clear()
    right = login_attempt(proxy_url, USER, "screener", TEST_PASSWORD)
    assert right.status_code == 200
    assert "token-otp_token" in right.text
    assert waits == []
    # an account is locked after five failures from any mix of clients
    for i, address in enumerate([USER, OTHER, USER, OTHER, OTHER]):
        login_attempt(proxy_url, address, "aanmelder", f"fout-{i}")
    locked = login_attempt(proxy_url, USER, "aanmelder", TEST_PASSWORD)
    assert locked.status_code == 429
    assert set(
        AccessAttempt.objects.filter(username="aanmelder").values_list("ip_address", flat=True)
    ) == {USER, OTHER}


def test_a_spoofed_forwarded_for_from_outside_the_proxy_is_ignored(
    proxy_url, live_server, demo_users
):
    for i in range(3):
        direct = session_from(SPOOFER)
        page = direct.get(f"{live_server.url}/accounts/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        direct.post(
            f"{live_server.url}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "login_view-current_step": "auth",
                "auth-username": f"onbekend-{i}",
                "auth-password": "fout-1",
            },
            headers={"X-Forwarded-For": USER},
            timeout=30,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {SPOOFER}


@pytest.fixture
def registration_and_token(demo_users, houses, municipalities) -> tuple[str, str]:
    """A registration of the demo registrant's organisation and an API token of that
    organisation (synthetic data)."""
    registrant = demo_users["aanmelder"]
    now = timezone.now()
    registration = RegistrationFactory(
        registrant=registrant,
        veiligheidshuis=houses["MST"],
        status=Status.RECEIVED,
        reference="MST-2026-00001",
        received_at=now,
        deadline_at=now,
    )
    PersonFactory(registration=registration, municipality=municipalities["Maastricht"])
    _client, token = api_client_create(
        organisation=registrant.organisation, name="Proxy test", valid_days=5, now=now
    )
    return str(registration.public_id), token


def test_the_api_limits_and_logs_each_client_behind_the_proxy(
    proxy_url, live_server, registration_and_token, settings
):
    public_id, token = registration_and_token
    cache.clear()  # the rate counters outlive other tests' databases
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "api_address": "3/minute"}
    settings.REST_FRAMEWORK = {**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    headers = {"Authorization": f"Bearer {token}"}
    path = f"/api/v1/registrations/{public_id}/"

    def get(base: str, address: str, **extra: str) -> int:
        response = session_from(address).get(
            f"{base}{path}", headers={**headers, **extra}, timeout=30
        )
        return response.status_code

    before = last_sequence()  # the log is append-only: earlier tests' entries stay
    # the rate limit counts per client, not for the proxy as a whole
    assert [get(proxy_url, ATTACKER) for _ in range(4)] == [200, 200, 200, 429]
    assert get(proxy_url, USER) == 200
    # a client's claim passes through the proxy, but the proxy's own entry is what counts
    assert get(proxy_url, OTHER, **{"X-Forwarded-For": "203.0.113.9"}) == 200
    # straight to the server (not through the proxy), the header is not believed
    assert get(live_server.url, SPOOFER, **{"X-Forwarded-For": USER}) == 200
    logged = [entry.client_address for entry in entries_after(before) if entry.outcome == "success"]
    assert logged == [ATTACKER, ATTACKER, ATTACKER, USER, OTHER, SPOOFER]
