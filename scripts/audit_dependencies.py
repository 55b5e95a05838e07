#!/usr/bin/env python3
"""CI gate: no known vulnerabilities in the pinned dependencies (requirements/*.txt).

1. pip-audit on the lock files (hashed, so ``--disable-pip``: nothing is installed or
   resolved), with its PyPI vulnerability service. Any vulnerability found fails.
2. pip-audit skips a dependency when it cannot reach the service for that exact version (some
   networks, like this project's build machines, serve PyPI's project JSON
   ``/pypi/<name>/json`` but not the per-version ``/pypi/<name>/<version>/json``). For those,
   this script asks the project JSON itself, whose ``vulnerabilities`` describe the newest
   release: a pin *at* the newest release is checked exactly there. A pin behind the newest
   release (e.g. Django's LTS series) cannot be checked that way; it passes only if it is the
   newest release of its own major.minor series (security fixes come as patch releases) and
   is listed as unverified. ``--strict`` fails on unverified pins too.

Exit 0: nothing known; 1: a vulnerability, an outdated patch release, or (strict) unverified.
"""

import argparse
import json
import re
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s\\;]+)")


def pins(files: list[Path]) -> dict[str, str]:
    found = {}
    for file in files:
        for line in file.read_text().splitlines():
            if match := PIN.match(line):
                found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def pip_audit(files: list[Path]) -> dict:
    command = [str(ROOT / ".venv/bin/pip-audit"), "--disable-pip", "--progress-spinner=off"]
    command += ["--vulnerability-service", "pypi", "-f", "json"]
    for file in files:
        command += ["-r", str(file)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    try:
        return json.loads(result.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(result.stderr)
        raise SystemExit("pip-audit gave no report") from None


def _release_key(version: str) -> tuple:
    return tuple(int(part) if part.isdigit() else -1 for part in re.split(r"[.+-]", version))


def project_check(name: str, pinned: str) -> tuple[str, str]:
    """('ok' | 'vulnerable' | 'outdated' | 'unverified' | 'error', detail)."""
    url = f"https://pypi.org/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            data = json.load(response)
    except OSError as error:
        return "error", f"{url}: {error}"
    latest = data["info"]["version"]
    if pinned == latest:
        vulns = [v for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]
        if vulns:
            ids = ", ".join(v.get("id", "?") for v in vulns)
            return "vulnerable", f"{name} {pinned}: {ids}"
        return "ok", ""
    series = ".".join(pinned.split(".")[:2]) + "."
    same_series = [
        version
        for version, files in data["releases"].items()
        if version.startswith(series)
        and re.fullmatch(r"[\d.]+(post\d+)?", version)
        and any(not f.get("yanked") for f in files)
    ]
    newest = max(same_series, key=_release_key, default=pinned)
    if newest != pinned:
        return "outdated", f"{name} {pinned}: {newest} is out (security fixes come as patches)"
    return "unverified", f"{name} {pinned} (newest of {series}x; newest overall {latest})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="fail on unverified pins too")
    parser.add_argument(
        "files", nargs="*", default=["requirements/base.txt", "requirements/dev.txt"]
    )
    args = parser.parse_args()
    files = [ROOT / f for f in args.files]
    pinned = pins(files)
    report = pip_audit(files)
    failures, skipped = [], []
    for dependency in report.get("dependencies", []):
        for vuln in dependency.get("vulns", []):
            failures.append(f"{dependency['name']} {dependency.get('version')}: {vuln['id']}")
        if "skip_reason" in dependency:
            skipped.append(re.sub(r"[-_.]+", "-", dependency["name"]).lower())
    audited = len(pinned) - len(skipped)
    print(f"pip-audit (PyPI service): {audited} audited, {len(skipped)} unreachable per version.")
    unverified = []
    with ThreadPoolExecutor(8) as pool:
        for status, detail in pool.map(lambda n: project_check(n, pinned.get(n, "")), skipped):
            if status in {"vulnerable", "outdated", "error"}:
                failures.append(f"{status}: {detail}")
            elif status == "unverified":
                unverified.append(detail)
    if skipped:
        checked = len(skipped) - len(unverified)
        print(f"PyPI project JSON: {checked} pins at their newest release checked.")
    for detail in unverified:
        print(f"UNVERIFIED (no per-version data reachable): {detail}")
    for failure in failures:
        print(f"FAIL {failure}")
    if failures or (args.strict and unverified):
        return 1
    print("No known vulnerabilities found.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
