"""Prometheus metrics (prometheus-client).

Rules:
- Request metrics (count and latency per view name, method and status class) are counted by
  ``RequestMetricsMiddleware`` in each process. Under gunicorn with several workers they are
  kept in ``PROMETHEUS_MULTIPROC_DIR`` (set by ``zvh.config.gunicorn``) and summed at scrape
  time, so every scrape sees all workers, whichever worker answers it.
- Everything about the installation's state (outbox, task queue, registrations, quarantine,
  lockouts, heartbeats) is computed from the database at scrape time, in a handful of aggregate
  queries whose number does not depend on the number of rows, so any replica gives the same
  answer. Labels are codes (Veiligheidshuis, component, status), never personal data.
"""

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from zvh.intake.enums import MailStatus
from zvh.intake.models import InboundMail
from zvh.network.models import Veiligheidshuis
from zvh.notifications.models import OutgoingMail
from zvh.registrations.models import Registration
from zvh.registrations.status import OPEN_STATUSES
from zvh.reporting.selectors import overdue_now

from .models import Component, Heartbeat

REQUESTS = Counter(
    "zvh_http_requests",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "zvh_http_request_duration_seconds",
    "Time to answer an HTTP request, by view name and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=None,
)


def view_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "unnamed") if match is not None else "unresolved"


class RequestMetricsMiddleware:
    """Counts every request and its duration (first in MIDDLEWARE, so everything is timed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        view = view_name(request)
        method = request.method if request.method in KNOWN_METHODS else "other"
        LATENCY.labels(view, method).observe(time.perf_counter() - started)
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        return response


KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _age(now: datetime, moment: datetime | None) -> float:
    return max(0.0, (now - moment).total_seconds()) if moment is not None else 0.0


class StateCollector(Collector):
    """The installation's state, from the database, at scrape time (7 queries)."""

    def __init__(self, *, now: Callable[[], datetime] = timezone.now) -> None:
        self.now = now

    def collect(self) -> Iterator[Metric]:
        now = self.now()
        yield from self._outbox(now)
        yield from self._tasks(now)
        yield from self._registrations(now)
        yield from self._quarantine()
        yield from self._lockouts(now)
        yield from self._heartbeats(now)

    @staticmethod
    def _outbox(now: datetime) -> Iterator[Metric]:
        status = OutgoingMail.Status
        row = OutgoingMail.objects.order_by().aggregate(
            **{
                s.value: Count("pk", filter=Q(status=s))
                for s in (status.PENDING, status.SENDING, status.FAILED)
            },
            oldest=Min("created_at", filter=Q(status=status.PENDING)),
        )
        mails = GaugeMetricFamily(
            "zvh_outbox_mails", "Mails in the outbox not (yet) sent, by status.", labels=["status"]
        )
        for name in (status.PENDING, status.SENDING, status.FAILED):
            mails.add_metric([name.value], row[name.value])
        yield mails
        yield GaugeMetricFamily(
            "zvh_outbox_oldest_pending_age_seconds",
            "Age of the oldest pending mail (0 when none is pending).",
            value=_age(now, row["oldest"]),
        )

    @staticmethod
    def _tasks(now: datetime) -> Iterator[Metric]:
        row = (
            DBTaskResult.objects.ready()
            .order_by()
            .aggregate(ready=Count("pk"), oldest=Min("enqueued_at"))
        )
        yield GaugeMetricFamily(
            "zvh_task_queue_ready",
            "Background tasks ready to run and not yet started.",
            value=row["ready"],
        )
        yield GaugeMetricFamily(
            "zvh_task_queue_lag_seconds",
            "How long the oldest ready task has been waiting (0 when none waits).",
            value=_age(now, row["oldest"]),
        )

    @staticmethod
    def _registrations(now: datetime) -> Iterator[Metric]:
        codes = dict(Veiligheidshuis.objects.values_list("pk", "code"))
        rows = (
            Registration.objects.filter(status__in=OPEN_STATUSES)
            .order_by()
            .values("veiligheidshuis_id")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_now(now)))
        )
        counts = {row["veiligheidshuis_id"]: row for row in rows}
        open_ = GaugeMetricFamily(
            "zvh_registrations_open",
            "Registrations the meldpunt still has to decide, per Veiligheidshuis.",
            labels=["veiligheidshuis"],
        )
        overdue = GaugeMetricFamily(
            "zvh_registrations_overdue",
            "Open registrations past their reply deadline, per Veiligheidshuis.",
            labels=["veiligheidshuis"],
        )
        for pk, code in sorted(codes.items(), key=lambda item: item[1]):
            row = counts.get(pk, {"open": 0, "overdue": 0})
            open_.add_metric([code], row["open"])
            overdue.add_metric([code], row["overdue"])
        yield open_
        yield overdue

    @staticmethod
    def _quarantine() -> Iterator[Metric]:
        rows = (
            InboundMail.objects.filter(status=MailStatus.QUARANTINED)
            .order_by()
            .values_list("veiligheidshuis__code")
            .annotate(n=Count("pk"))
        )
        quarantine = GaugeMetricFamily(
            "zvh_intake_quarantine_mails",
            "Mails of the e-mail intake waiting in quarantine for a screener.",
            labels=["veiligheidshuis"],
        )
        for code, n in rows:
            quarantine.add_metric([code or "none"], n)
        yield quarantine

    @staticmethod
    def _lockouts(now: datetime) -> Iterator[Metric]:
        locked = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
            attempt_time__gte=now - timedelta(hours=24),
        ).count()
        yield GaugeMetricFamily(
            "zvh_login_lockouts",
            "Account names or addresses locked out after failed logins (last 24 hours).",
            value=locked,
        )

    @staticmethod
    def _heartbeats(now: datetime) -> Iterator[Metric]:
        beats = dict(Heartbeat.objects.values_list("component", "beat_at"))
        family = GaugeMetricFamily(
            "zvh_heartbeat_age_seconds",
            "Seconds since the component's last heartbeat (+Inf: never).",
            labels=["component"],
        )
        for component in Component:
            beat = beats.get(component.value)
            family.add_metric(
                [component.value], _age(now, beat) if beat is not None else float("inf")
            )
        yield family


def scrape_registry() -> CollectorRegistry:
    """A registry for one scrape: the request metrics (of every gunicorn worker when
    ``PROMETHEUS_MULTIPROC_DIR`` is set) and the state from the database."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUESTS)
        registry.register(LATENCY)
    registry.register(StateCollector())
    return registry
