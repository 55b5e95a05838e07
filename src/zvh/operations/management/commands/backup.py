"""``manage.py backup DIRECTORY``: the database (pg_dump custom format, or SQLite's online
backup), the stored files and a manifest (row counts, the access log's chain head) into a new
directory. See docs/operations.md for where to keep it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zvh.operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database, the stored files and a manifest into a new directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a new (or empty) directory")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            manifest = backup_create(destination=directory, now=timezone.now())
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup in {directory}: {sum(manifest['counts'].values())} rows in "
            f"{len(manifest['counts'])} tables, {manifest['media']['files']} files, access log "
            f"up to sequence {manifest['access_log_head']['sequence']}."
        )
