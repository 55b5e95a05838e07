"""Real processes for the operations tests: `make run`'s script, gunicorn, workers, schedulers,
each in its own process group on loopback, stopped (TERM, then KILL) at the end."""

import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[4]
BIN = Path(sys.executable).parent


def _ephemeral_ports() -> range:
    """The kernel's range for outgoing connections' local ports (Linux; a common default
    elsewhere)."""
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return range(int(low), int(high) + 1)
    except (OSError, ValueError):
        return range(32768, 61000)


def free_port() -> int:
    """A free port for a child server, outside the ephemeral range: a port the kernel hands
    out (``bind(0)``) can be taken by any outgoing connection (the test run's own database
    connections) between this check and the child's bind, and the child then stops with
    "Address already in use"."""
    ephemeral = _ephemeral_ports()
    rng = random.Random()
    for _ in range(200):
        port = rng.randrange(20000, 32768)
        if port in ephemeral:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child: none of the test run's Django or database settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PROMETHEUS_MULTIPROC_DIR"}
    }
    env.update(PYTHONPATH=str(REPO / "src"), ZVH_LOG_LEVEL="WARNING", **extra)
    return env


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 (our own command lines)
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, *, timeout: float = 30.0) -> int | None:
    """TERM the process group, then KILL it; returns the exit code."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=timeout)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever of the group is left
    process.wait(timeout=10)
    return process.returncode


def wait_until(
    ready: Callable[[], bool], *, timeout: float, what: str, alive: Callable[[], bool]
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not alive():
            raise AssertionError(f"{what}: the process stopped")
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.5)


def manage(*args: str, env: dict[str, str]) -> str:
    """``manage.py ARGS`` against the child environment's database; its stdout."""
    result = subprocess.run(  # noqa: S603
        [str(BIN / "python"), "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def api_token(env: dict[str, str], *, organisation: str = "Politie (demo)") -> str:
    out = manage(
        "create_api_client", "--organisation", organisation, "--name", f"test-{uuid.uuid4()}",
        env=env,
    )  # fmt: skip
    return out.strip().splitlines()[-1]


def registration_body(life_domains: list[int], n: int = 0) -> dict:
    """A complete registration for Maastricht with a synthetic person (elfproef-valid BSN)."""
    return {
        "persons": [
            {
                "given_names": "Testa",
                "surname": f"Synthetica{n}",
                "date_of_birth": "1984-05-17",
                "bsn": "111222333",
                "municipality": "GM0935",
            }
        ],
        "target_group": "huiselijk-geweld",
        "reason": "Repeated incidents.",
        "situation": "Police were called three times.",
        "life_domains": life_domains[:2],
        "urgency": "normal",
        "contact_name": "A. Agent",
        "contact_email": "agent@politie.example",
        "client_informed": True,
        "client_informed_on": "2026-11-20",
        "client_informed_how": "By phone",
        "submit": True,
    }


def life_domains(base_url: str, token: str) -> list[int]:
    response = requests.get(
        f"{base_url}/api/v1/veiligheidshuizen/MST/life-domains/",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    response.raise_for_status()
    data = response.json()
    rows = data["results"] if isinstance(data, dict) else data
    return [row["id"] for row in rows]


def submit(base_url: str, token: str, body: dict) -> requests.Response:
    return requests.post(
        f"{base_url}/api/v1/registrations/",
        json=body,
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        timeout=120,
    )
