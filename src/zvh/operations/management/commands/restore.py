"""``manage.py restore DIRECTORY``: restore a backup made by ``manage.py backup`` into the
configured database, which must be fresh (no tables), then verify it: the row counts and the
access log's chain head equal the manifest's, and the hash chain is intact. Exit 1 otherwise."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zvh.operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup into a fresh database and verify it against its manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="a directory made by `manage.py backup`")

    def handle(self, *args: Any, directory: Path, **options: Any) -> None:
        try:
            report = backup_restore(source=directory)
        except BackupError as error:
            raise CommandError(f"Restore FAILED: {error}") from None
        self.stdout.write(
            f"Restored and verified: {report.rows} rows in {report.tables} tables match the "
            f"manifest; access log intact ({report.access_log_entries} entries verified)."
        )
