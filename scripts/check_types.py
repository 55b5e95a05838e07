"""CI's type gate (issue 15): mypy over src/zvh, strict on services, selectors and permissions.

Fails when
- mypy reports an error that mypy-baseline.txt does not list (a new error), or the baseline lists
  one that mypy no longer reports (fixed: remove it with ``mypy-baseline sync``);
- the baseline lists an error in a strict module (services, selectors, the permission module);
- the baseline has grown: it may only shrink, so it is compared with every earlier version of
  it on main's first-parent history.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
BIN = Path(sys.executable).parent
STRICT = re.compile(r"^src/zvh/\w+/(services|selectors)(\.py|/)|^src/zvh/accounts/permissions\.py")


def entries(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def earlier_sizes() -> list[tuple[str, int]]:
    """(commit, number of entries) of every committed version of the baseline."""
    log = subprocess.run(  # noqa: S603
        ["git", "log", "--first-parent", "--format=%h", "--", BASELINE.name],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    sizes = []
    for commit in log.stdout.split():
        shown = subprocess.run(  # noqa: S603
            ["git", "show", f"{commit}:{BASELINE.name}"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if shown.returncode == 0:
            sizes.append((commit, len(entries(shown.stdout))))
    return sizes


def main() -> int:
    baseline = entries(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else []
    problems = [f"strict module in the baseline: {line}" for line in baseline if STRICT.match(line)]
    for commit, size in earlier_sizes():
        if len(baseline) > size:
            problems.append(
                f"the baseline grew: {len(baseline)} entries, {size} at {commit}"
                " (it may only shrink)"
            )
            break
    mypy = subprocess.run(  # noqa: S603
        [str(BIN / "mypy"), "src/zvh"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    filtered = subprocess.run(  # noqa: S603
        [str(BIN / "mypy-baseline"), "filter", "--no-colors"],
        cwd=ROOT,
        input=mypy.stdout,
        capture_output=True,
        text=True,
        check=False,
    )
    print(filtered.stdout, end="")
    if filtered.returncode != 0:
        problems.append("mypy reports errors outside the baseline, or the baseline is out of date")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    if not problems:
        print(f"types: OK ({len(baseline)} baseline entries, strict modules clean)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
