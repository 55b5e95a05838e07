"""Zorg- en Veiligheidshuizen outside zvh, and the municipalities they serve (issue 14).

A registrant who chooses a municipality no Veiligheidshuis in zvh serves (Heerlen, GM0917) is
told which house to contact instead, from the data file ``data/elsewhere.json`` (its header names
its sources). ``municipalities_elsewhere_load`` adds those municipalities, unserved, so they can
be chosen and answered with that stop page.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction

from .models import Municipality

DATA_FILE = Path(__file__).resolve().parent / "data" / "elsewhere.json"


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


def municipalities_elsewhere_load() -> int:
    """Create the municipalities of the data file that are missing (unserved); the name of an
    existing one is kept, and so is the Veiligheidshuis serving it. Returns how many were made."""
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    made = 0
    with transaction.atomic():
        for item in document["houses"]:
            for municipality in item["municipalities"]:
                _row, created = Municipality.objects.get_or_create(
                    cbs_code=municipality["cbs_code"], defaults={"name": municipality["name"]}
                )
                made += int(created)
    return made
