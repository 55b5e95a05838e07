"""``manage.py verify_access_log``: exit 0 when the chain is intact, 1 at the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from zvh.access_log.verification import access_log_verify


class Command(BaseCommand):
    help = "Walk the access log's hash chain and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=2000)

    def handle(self, *args, chunk_size: int, **options):
        report = access_log_verify(chunk_size=chunk_size)
        if report.intact:
            start = (
                f" (from the retention checkpoint at sequence {report.started_after})"
                if report.started_after
                else ""
            )
            self.stdout.write(f"Access log intact: {report.checked} entries verified{start}.")
            return
        broken = report.broken
        raise CommandError(
            f"Access log BROKEN after {report.checked} good entries: "
            f"entry {broken.event_id or '-'} (sequence {broken.sequence}): "
            f"{broken.kind}: {broken.detail}."
        )
