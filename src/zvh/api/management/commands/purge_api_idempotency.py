"""``manage.py purge_api_idempotency [--hours 24]``: forget old stored POST responses."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from zvh.api.services import idempotency_records_purge


class Command(BaseCommand):
    help = "Delete stored idempotent responses older than --hours (default 24); run it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args: Any, hours: int, **options: Any) -> None:
        count = idempotency_records_purge(older_than=timezone.now() - timedelta(hours=hours))
        self.stdout.write(f"Purged {count} stored response(s).")
