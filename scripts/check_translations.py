"""Fail when the Dutch catalogue has untranslated or fuzzy entries, or its .mo is out of date."""

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/zvh/locale/nl/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")


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


def main() -> int:
    problems = []
    for msgid, msgstr, fuzzy in entries(PO.read_text(encoding="utf-8")):
        if not msgid:
            continue
        if fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        elif not msgstr:
            problems.append(f"untranslated: {msgid!r}")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "django.mo"
        subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(PO)], check=True)  # noqa: S603,S607
        if fresh.read_bytes() != MO.read_bytes():
            problems.append("django.mo is older than django.po: run `make messages`")
    for problem in problems:
        print(problem)
    print(f"{PO.relative_to(ROOT)}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
