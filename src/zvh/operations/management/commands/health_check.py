"""``manage.py health_check [--check database,migrations]``: the readiness checks of
``/health/ready`` from the command line (container HEALTHCHECK, systemd, cron). Prints the JSON
with figures; exit 0 when every component asked for is ok, 1 otherwise."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zvh.operations.health import COMPONENTS, readiness


class Command(BaseCommand):
    help = "Check the database, migrations, worker and scheduler heartbeats and the outbox."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", default=",".join(COMPONENTS), help="components, comma-separated"
        )

    def handle(self, *args: Any, check: str, **options: Any) -> None:
        asked = [name for name in check.split(",") if name]
        unknown = sorted(set(asked) - set(COMPONENTS))
        if unknown:
            raise CommandError(f"unknown component(s): {', '.join(unknown)}")
        result = readiness(now=timezone.now(), components=asked)
        self.stdout.write(
            json.dumps(
                {
                    "status": "ok" if result.ok else "failing",
                    "checks": {n: "ok" if r.ok else "failing" for n, r in result.results.items()},
                    "details": {n: r.details for n, r in result.results.items() if r.details},
                }
            )
        )
        if not result.ok:
            raise CommandError("not ready", returncode=1)
