"""Houses outside zvh and their municipalities, from the data file (issue 14)."""

import json

import pytest

from zvh.network.elsewhere import DATA_FILE, house_elsewhere, municipalities_elsewhere_load
from zvh.network.models import Municipality, cbs_code_validator

pytestmark = pytest.mark.django_db


def test_the_data_file_names_its_source_and_holds_valid_cbs_codes():
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert "CBS" in document["about"]
    codes = [m["cbs_code"] for h in document["houses"] for m in h["municipalities"]]
    assert len(codes) == len(set(codes))
    for code in codes:
        cbs_code_validator(code)


def test_heerlen_is_served_by_parkstad():
    house = house_elsewhere(cbs_code="GM0917")
    assert house is not None
    assert house.name == "Zorg- en Veiligheidshuis Parkstad"
    assert house_elsewhere(cbs_code="GM0935") is None  # Maastricht is in zvh


def test_loading_adds_the_municipalities_unserved_once(houses):
    made = municipalities_elsewhere_load()
    assert made == 7
    heerlen = Municipality.objects.get(cbs_code="GM0917")
    assert heerlen.name == "Heerlen"
    assert heerlen.veiligheidshuis is None
    assert municipalities_elsewhere_load() == 0
