"""Run the periodic jobs (deadline reminders and escalations, the screeners' digest, the outbox
sweep) every ``--interval`` seconds until stopped. Several schedulers may run: each period is
done once (see ``zvh.notifications.scheduler``)."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from zvh.notifications.scheduler import scheduler_tick


class Command(BaseCommand):
    help = "Run zvh's periodic jobs (reminders, escalations, digests, outbox sweep)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between ticks")
        parser.add_argument("--once", action="store_true", help="run one tick and exit")

    def handle(self, *, interval: float, once: bool, **options) -> None:
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGINT, signal.SIGTERM):
                signal.signal(signum, lambda *_args: stop.set())
        while True:
            close_old_connections()
            results = scheduler_tick(now=timezone.now())
            if options["verbosity"] > 1:
                self.stdout.write(str(results))
            close_old_connections()
            if once or stop.wait(interval):
                return
