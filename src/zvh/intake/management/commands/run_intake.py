"""``manage.py run_intake``: the meldpunt's e-mail intake listener (SMTP, or LMTP with --lmtp),
meant to sit behind the organisation's mail server. Runs until SIGTERM or Ctrl+C, then stops
gracefully (see ``zvh.intake.listener``)."""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from zvh.intake.listener import IntakeServer


class Command(BaseCommand):
    help = "Receive mails for the meldpunt addresses over SMTP (or LMTP) and store them."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8025, help="Port (0: any free port).")
        parser.add_argument("--lmtp", action="store_true", help="Speak LMTP instead of SMTP.")
        parser.add_argument(
            "--hostname", default="zvh-intake", help="The name the listener greets with."
        )
        parser.add_argument("--workers", type=int, default=4, help="Mails stored at once.")
        parser.add_argument(
            "--drain-seconds",
            type=float,
            default=30.0,
            help="On stop, how long sessions in progress may take to finish.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        server = IntakeServer(
            host=options["host"],
            port=options["port"],
            lmtp=options["lmtp"],
            hostname=options["hostname"],
            workers=options["workers"],
        )
        stop = threading.Event()

        def request_stop(signum: int, frame: Any) -> None:
            stop.set()

        previous = {
            sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)
        }
        try:
            server.start()
            protocol = "LMTP" if options["lmtp"] else "SMTP"
            self.stdout.write(f"Intake listening ({protocol}) on {server.host}:{server.port}")
            self.stdout.flush()
            while not stop.wait(1.0):
                pass
            self.stdout.write("Stopping: finishing the sessions in progress …")
        finally:
            server.stop(timeout=options["drain_seconds"])
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Intake stopped.")
