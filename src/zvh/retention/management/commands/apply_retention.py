"""``manage.py apply_retention [--dry-run]``: remove what has outlived its retention period.

Lists every registration that goes (reference, or ``draft #id``; status; outcome; counts) and
the access log entries older than the log's period, and the cases that wait for their closing
(kept). ``--dry-run`` changes nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from zvh.retention.services import retention_run


class Command(BaseCommand):
    help = "Remove registrations (keeping a tombstone) and access log entries past their period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would go; change nothing."
        )

    def handle(self, *args, dry_run: bool, **options):
        report = retention_run(now=timezone.now(), dry_run=dry_run)
        verb = "would remove" if dry_run else "removed"
        for removal in report.removals:
            counts = ", ".join(f"{name} {count}" for name, count in sorted(removal.counts.items()))
            self.stdout.write(
                f"{removal.label} [{removal.veiligheidshuis or '-'}] {removal.status}"
                f"{' / ' + removal.outcome if removal.outcome else ''}: {counts}"
            )
        totals = ", ".join(
            f"{name} {count}" for name, count in sorted(report.totals.items()) if count
        )
        self.stdout.write(f"Registrations: {verb} {len(report.removals)} ({totals or 'none'}).")
        for waiting in report.waiting_for_closure:
            self.stdout.write(
                f"{waiting.label} [{waiting.veiligheidshuis}] waiting for closure "
                f"(decided {waiting.decided_on.isoformat()})"
            )
        if report.waiting_for_closure:
            self.stdout.write(
                f"Waiting for closure: {len(report.waiting_for_closure)} (kept until closed)."
            )
        purge = report.access_log
        if purge.count:
            self.stdout.write(
                f"Access log: {verb} {purge.count} entries (sequence {purge.first}-{purge.last}, "
                f"older than {purge.cutoff.isoformat()})."
            )
        else:
            self.stdout.write(f"Access log: nothing older than {purge.cutoff.isoformat()}.")
