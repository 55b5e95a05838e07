"""Fail when a Dutch catalogue (django.po, and djangojs.po for the admin's JavaScript) has
untranslated or fuzzy entries, or its .mo is out of date."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/zvh/locale/nl/LC_MESSAGES/django.po"
CATALOGUES = sorted(PO.parent.glob("*.po"))


def entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for each entry, with plural forms folded into msgstr."""
    result, msgid, msgstr, fuzzy, field = [], None, [], False, None
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if msgid is not None:
                result.append((msgid, "".join(msgstr), fuzzy))
            msgid, msgstr, fuzzy, field = None, [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            msgid, field = line[6:].strip('"'), "id"
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgstr"):
            msgstr.append(line.split(" ", 1)[1].strip('"'))
            field = "str"
        elif line.startswith('"'):
            if field == "id":
                msgid += line.strip('"')
            elif field == "str":
                msgstr.append(line.strip('"'))
    return result


def check(po: Path) -> list[str]:
    problems = []
    for msgid, msgstr, fuzzy in entries(po.read_text(encoding="utf-8")):
        if not msgid:
            continue
        if fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not msgstr:
            problems.append(f"untranslated: {msgid!r}")
    mo = po.with_suffix(".mo")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / mo.name
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)  # noqa: S603,S607
        if not mo.exists() or fresh.read_bytes() != mo.read_bytes():
            problems.append(f"{mo.name} is older than {po.name}: run `make messages`")
    return problems


def main() -> int:
    failed = False
    for po in CATALOGUES:
        problems = check(po)
        for problem in problems:
            print(problem)
        print(f"{po.relative_to(ROOT)}: {len(problems)} problem(s)")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
