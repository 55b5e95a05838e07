"""gunicorn's configuration for every deployment (`make run`, the container image, systemd):
``gunicorn -c python:zvh.config.gunicorn zvh.config.wsgi``. Tuned by the environment:

- ``HOST`` / ``PORT`` (default 127.0.0.1:8000; the container sets HOST=0.0.0.0);
- ``WEB_CONCURRENCY`` worker processes (default 2) x ``GUNICORN_THREADS`` threads (default 4);
- ``GUNICORN_BACKLOG`` (default 2048): connections the kernel queues while every thread is
  busy, so a burst waits instead of being reset (runserver's queue of 10 reset a burst of 50);
- ``PROMETHEUS_MULTIPROC_DIR`` (default ``$ZVH_VAR_DIR/prometheus``, emptied at start): where the
  workers keep their request metrics, so a scrape sees all of them.
"""

import os
import shutil
from pathlib import Path

_var = Path(os.environ.get("ZVH_VAR_DIR", Path(__file__).resolve().parents[3] / "var"))

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Restart workers now and then (memory hygiene), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Only the local reverse proxy may say which scheme the client used (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No access log of gunicorn's own (URLs only, but zvh logs what it needs through structlog).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None
proc_name = "zvh-web"

_metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or _var / "prometheus")
os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(_metrics_dir)


def on_starting(server) -> None:
    """Start with empty request metrics (files of a previous run would be counted again)."""
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    _metrics_dir.mkdir(parents=True, exist_ok=True)


def child_exit(server, worker) -> None:
    """A worker that stopped no longer counts in the live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# gunicorn 24+'s control socket defaults to one path per user (~/.gunicorn): two instances on a
# machine (two replicas, a test beside `make run`) would share it, and a read-only root file
# system has no place for it. zvh does not use it.
control_socket_disable = True
