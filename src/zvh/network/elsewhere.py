"""Every Dutch municipality, and the Zorg- en Veiligheidshuizen outside zvh (issue 14).

``data/municipalities.json`` is the full list of Dutch municipalities (CBS, Gemeentelijke indeling
op 1 januari 2025: 342, its header names the source). ``municipalities_elsewhere_load`` adds the
ones missing from the database, unserved, so a registrant can choose any of them: a municipality
no Veiligheidshuis in zvh serves is answered with a stop page. That page names the house to
contact where ``data/elsewhere.json`` knows it from a source named per house (Parkstad for
Heerlen, GM0917; Noord- and Midden-Limburg); elsewhere it points to the national overview of
Zorg- en Veiligheidshuizen instead of guessing.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from .models import Municipality

DATA_FILE = Path(__file__).resolve().parent / "data" / "elsewhere.json"
MUNICIPALITIES_FILE = Path(__file__).resolve().parent / "data" / "municipalities.json"
#: Where every Zorg- en Veiligheidshuis and its region are listed (the national network's site).
NATIONAL_OVERVIEW = "https://www.zorgenveiligheidshuizen.nl"


@dataclass(frozen=True, slots=True, kw_only=True)
class HouseElsewhere:
    """A Zorg- en Veiligheidshuis that zvh does not serve, and its region."""

    name: str
    region: str


@cache
def _houses_by_code() -> dict[str, HouseElsewhere]:
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    by_code = {}
    for item in document["houses"]:
        house = HouseElsewhere(name=item["name"], region=item["region"])
        for municipality in item["municipalities"]:
            by_code[municipality["cbs_code"]] = house
    return by_code


def house_elsewhere(*, cbs_code: str) -> HouseElsewhere | None:
    """The house outside zvh that serves this municipality, if the data file knows it."""
    return _houses_by_code().get(cbs_code)


def dutch_municipalities() -> list[tuple[str, str]]:
    """(CBS code, name) of every Dutch municipality, from the data file."""
    document = json.loads(MUNICIPALITIES_FILE.read_text(encoding="utf-8"))
    return [(item["cbs_code"], item["name"]) for item in document["municipalities"]]


def municipalities_elsewhere_load() -> int:
    """Create every Dutch municipality that is missing (unserved), in one insert; the name of an
    existing one is kept, and so is the Veiligheidshuis serving it. Returns how many were made."""
    with transaction.atomic():
        existing = set(Municipality.objects.values_list("cbs_code", flat=True))
        missing = [
            Municipality(cbs_code=code, name=name)
            for code, name in dutch_municipalities()
            if code not in existing
        ]
        Municipality.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)
