"""``manage.py generate_data --scale S --seed N [--end YYYY-MM-DD]``: a synthetic national
dataset (scale 1.0: 30 Veiligheidshuizen, 1,000,000 registrations, 10,000,000 access-log
entries) in an empty, migrated database."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zvh.bench.generator.plan import Plan
from zvh.bench.generator.run import NotEmptyError, dataset_generate
from zvh.deadlines.calculation import LOCAL_TZ


class Command(BaseCommand):
    help = "Fill an empty database with a deterministic synthetic dataset (for benchmarks)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.01, help="1.0 = national scale.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--end",
            type=dt.date.fromisoformat,
            default=None,
            help="The last day of the ten years (default: today). Part of what makes a run "
            "repeatable.",
        )

    def handle(self, *args: Any, scale: float, seed: int, end: dt.date | None, **opts: Any):
        day = end or timezone.localdate(timezone.now(), LOCAL_TZ)
        plan = Plan.of(
            scale=scale, seed=seed, end=dt.datetime.combine(day, dt.time(18), tzinfo=LOCAL_TZ)
        )
        self.stdout.write(
            f"Generating scale {scale} (seed {seed}, up to {day}): {plan.registrations} "
            f"registrations, {plan.access_log_entries} access-log entries."
        )
        try:
            summary = dataset_generate(plan=plan, progress=self.stdout.write)
        except NotEmptyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {summary.registrations} registrations, {summary.persons} persons, "
                f"{summary.access_log_entries} access-log entries "
                f"({summary.access_log_subjects} subjects)."
            )
        )
