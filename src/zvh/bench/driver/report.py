"""Results: locust's CSV read back, ratios to the same run's baseline, the JSON file and the
table in docs/performance.md (between its ``bench:results`` markers)."""

import csv
import json
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .scenarios import SCENARIOS, Scenario

BEGIN, END = "<!-- bench:results -->", "<!-- /bench:results -->"


def read_stats(csv_path: Path) -> dict[str, dict[str, float]]:
    """locust's ``*_stats.csv``: per request name, count, failures, req/s and percentiles."""
    figures = {}
    with csv_path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
                "p99_ms": float(row["99%"] or 0),
                "mean_ms": float(row["Average Response Time"] or 0),
            }
    return figures


def with_ratios(results: dict[str, dict[str, Any]]) -> None:
    """Each scenario's throughput as a share of the baseline's at the same concurrency."""
    for by_scenario in results.values():
        base = by_scenario.get("baseline", {}).get("primary", {}).get("rps") or 0
        for figures in by_scenario.values():
            main = figures.get("primary")
            if main is not None:
                main["rps_ratio_to_baseline"] = round(main["rps"] / base, 3) if base else None


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def commit() -> str:
    def git(*args: str) -> str:
        git_path = shutil.which("git")
        if git_path is None:
            return ""
        return subprocess.run(  # noqa: S603 (our own command line)
            [git_path, *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}{' (with uncommitted changes)' if git('status', '--porcelain') else ''}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def table(document: dict[str, Any]) -> str:
    lines = [
        f"Run of {document['finished_at']} on commit {document['commit']}; "
        f"{document['machine']['cpus']} CPUs ({document['machine']['cpu']}), load average "
        f"before/after {document['load_before']} / {document['machine']['load_average']}; "
        f"gunicorn {document['server']['workers']} workers x {document['server']['threads']} "
        f"threads; {document['seconds']} s per measurement.",
        "",
        f"Dataset: {json.dumps(document['dataset'])}.",
        "",
        "| scenario | users | req/s | p50 ms | p95 ms | p99 ms | failures | x baseline req/s "
        "| target p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for scenario in SCENARIOS:
        for users, by_scenario in document["results"].items():
            figures = by_scenario.get(scenario.key)
            if not figures or figures.get("skipped"):
                if figures:
                    lines.append(f"| {scenario.key} | {users} | skipped: {figures['skipped']} |")
                continue
            p = figures["primary"]
            ratio = p.get("rps_ratio_to_baseline")
            target = f"≤ {scenario.target_p95_ms:.0f} ms" if scenario.target_p95_ms else ""
            if target and users == "16":
                target += " ✔" if p["p95_ms"] <= scenario.target_p95_ms else " ✘"
            lines.append(
                f"| {scenario.key} | {users} | {p['rps']:.1f} | {_ms(p['p50_ms'])} | "
                f"{_ms(p['p95_ms'])} | {_ms(p['p99_ms'])} | {p['failures']}/{p['requests']} | "
                f"{'-' if ratio is None else f'{ratio:.2f}'} | {target} |"
            )
    return "\n".join(lines)


def write(document: dict[str, Any], *, json_path: Path, markdown_path: Path) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    text = markdown_path.read_text(encoding="utf-8") if markdown_path.exists() else ""
    block = f"{BEGIN}\n{table(document)}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    markdown_path.write_text(text, encoding="utf-8")


def primary(scenario: Scenario, figures: dict[str, dict[str, float]]) -> dict[str, float]:
    return dict(figures.get(scenario.request, {"requests": 0, "failures": 0, "rps": 0.0,
                "p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "mean_ms": 0.0}))  # fmt: skip
