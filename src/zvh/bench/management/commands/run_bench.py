"""``manage.py run_bench``: the benchmark of ``make bench`` against the bench database.

Starts gunicorn on 127.0.0.1 and a free port, logs the bench accounts in through the real
two-step login form, then runs locust headless in a separate process for each scenario at 1 and
16 concurrent users (a short warm-up first), each for a fixed time; writes the figures to a JSON
file and to docs/performance.md; stops the server. Every loop is bounded.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.utils import timezone

from zvh.bench.driver import report
from zvh.bench.driver.inputs import bench_accounts, dataset_counts, scenario_inputs
from zvh.bench.driver.login import login
from zvh.bench.driver.scenarios import SCENARIOS
from zvh.bench.driver.server import gunicorn

LOCUSTFILE = Path(__file__).resolve().parents[2] / "load" / "locustfile.py"
USERS = (1, 16)


class Command(BaseCommand):
    help = "Benchmark the web pages and API under load (gunicorn + locust, loopback only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seconds", type=int, default=20, help="Per scenario and level.")
        parser.add_argument("--warmup", type=int, default=3, help="Unmeasured seconds first.")
        # gunicorn's advice for sync workers, 2 x cores + 1: on 2 cores, 5 single-threaded
        # processes gave the pages more throughput and a much lower p95 than 4 x 4 threads
        # (the threads of one process wait for each other's GIL; docs/performance.md)
        parser.add_argument("--workers", type=int, default=5)
        parser.add_argument("--threads", type=int, default=1)
        parser.add_argument("--only", nargs="*", default=None, help="Scenario keys to run.")
        parser.add_argument(
            "--json", type=Path, default=settings.BASE_DIR / "docs" / "performance.json"
        )
        parser.add_argument(
            "--markdown", type=Path, default=settings.BASE_DIR / "docs" / "performance.md"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        load_before = os.getloadavg()
        inputs = scenario_inputs(now=now)  # first: it makes the caseload's bench accounts
        accounts = bench_accounts()
        dataset = {
            **dataset_counts(),
            "open_registrations_bench_house": inputs["open_registrations"],
        }
        connection.close()  # the server gets the database to itself
        scenarios = [s for s in SCENARIOS if options["only"] is None or s.key in options["only"]]
        work = Path(tempfile.mkdtemp(prefix="zvh-bench-"))
        env = {"DJANGO_SETTINGS_MODULE": "zvh.bench.settings"}
        results: dict[str, dict[str, Any]] = {str(n): {} for n in USERS}
        with gunicorn(
            workers=options["workers"],
            threads=options["threads"],
            env=env,
            log=work / "gunicorn.log",
        ) as base_url:
            self.stdout.write(f"Server at {base_url}; logging the bench accounts in…")
            inputs["sessions"] = {
                role: [
                    login(base_url=base_url, username=a["username"], password=a["password"],
                          key_hex=a["key"])
                    for a in role_accounts
                ]
                for role, role_accounts in accounts.items()
            }  # fmt: skip
            input_file = work / "input.json"
            input_file.write_text(json.dumps(inputs))
            input_file.chmod(0o600)
            for scenario in scenarios:
                self._locust(base_url, scenario.user_class, 1, options["warmup"], work, input_file)
                for users in USERS:
                    figures = self._locust(
                        base_url, scenario.user_class, users, options["seconds"], work, input_file
                    )
                    results[str(users)][scenario.key] = {
                        "primary": report.primary(scenario, figures),
                        "requests": figures,
                    }
                    p = results[str(users)][scenario.key]["primary"]
                    self.stdout.write(
                        f"{scenario.key:15} {users:2} users: {p['rps']:7.1f} req/s  "
                        f"p50 {p['p50_ms']:6.0f}  p95 {p['p95_ms']:6.0f}  p99 {p['p99_ms']:6.0f} ms"
                        f"  failures {p['failures']}/{p['requests']}"
                    )
        report.with_ratios(results)
        document = {
            "finished_at": timezone.now().isoformat(timespec="seconds"),
            "commit": report.commit(),
            "machine": report.machine(),
            "load_before": [round(x, 2) for x in load_before],
            "server": {"workers": options["workers"], "threads": options["threads"]},
            "seconds": options["seconds"],
            "dataset": dataset,
            "inputs": {k: inputs[k] for k in ("veiligheidshuis", "queue_pages", "queue_later_page")}
            | {"privacy_person_registrations": inputs["privacy"]["registrations_of_person"],
               "api_organisation_registrations": inputs["api_organisation_registrations"]},
            "results": results,
        }  # fmt: skip
        report.write(document, json_path=options["json"], markdown_path=options["markdown"])
        self.stdout.write(
            self.style.SUCCESS(f"Results in {options['json']} and {options['markdown']}")
        )

    def _locust(
        self, base_url: str, user_class: str, users: int, seconds: int, work: Path, inputs: Path
    ) -> dict[str, dict[str, float]]:
        prefix = work / f"{user_class}-{users}-{seconds}"
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f", str(LOCUSTFILE), "--headless", "--only-summary",
            "-u", str(users), "-r", str(users), "-t", f"{seconds}s",
            "--stop-timeout", "10", "--host", base_url, "--csv", str(prefix),
            "--exit-code-on-error", "0", user_class,
        ]  # fmt: skip
        subprocess.run(  # noqa: S603 (our own command line)
            command,
            env={**os.environ, "ZVH_BENCH_INPUT": str(inputs)},
            stdout=(work / f"{prefix.name}.log").open("w"),
            stderr=subprocess.STDOUT,
            timeout=seconds + 60,
            check=False,
        )
        stats = Path(f"{prefix}_stats.csv")
        return report.read_stats(stats) if stats.exists() else {}
