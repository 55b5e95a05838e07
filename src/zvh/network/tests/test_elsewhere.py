"""Houses outside zvh and their municipalities, from the data file (issue 14)."""

import json

import pytest

from zvh.network.elsewhere import (
    DATA_FILE,
    MUNICIPALITIES_FILE,
    dutch_municipalities,
    house_elsewhere,
    municipalities_elsewhere_load,
)
from zvh.network.models import Municipality, cbs_code_validator
from zvh.network.services import SHIPPED_CONFIGURATIONS as CONFIGURATIONS

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


def test_the_full_list_is_cbs_2025_342_unique_well_formed_codes():
    document = json.loads(MUNICIPALITIES_FILE.read_text(encoding="utf-8"))
    assert "CBS" in document["source"]["name"]
    assert "1 januari 2025" in document["source"]["name"]
    municipalities = dutch_municipalities()
    codes = [code for code, _name in municipalities]
    names = [name for _code, name in municipalities]
    assert len(codes) == 342
    assert len(set(codes)) == 342
    assert len(set(names)) == 342
    for code in codes:
        cbs_code_validator(code)
    assert all(name.strip() == name and name for name in names)
    # the changes since 2022 are in: Voorne aan Zee, and no Weesp, Brielle, Hellevoetsluis
    assert ("GM1992", "Voorne aan Zee") in municipalities
    assert not {"GM0457", "GM0501", "GM0530", "GM0614"} & set(codes)


def test_every_house_elsewhere_and_every_served_municipality_is_in_the_full_list(houses):
    codes = {code for code, _name in dutch_municipalities()}
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert {m["cbs_code"] for h in document["houses"] for m in h["municipalities"]} <= codes
    for path in sorted(CONFIGURATIONS.glob("*.json")):
        configuration = json.loads(path.read_text(encoding="utf-8"))
        for municipality in configuration.get("municipalities", []):
            assert municipality["cbs_code"] in codes, (path.name, municipality)


def test_loading_adds_every_municipality_unserved_once(houses, municipalities):
    served = dict(Municipality.objects.values_list("cbs_code", "veiligheidshuis_id"))
    made = municipalities_elsewhere_load()
    assert made == 342 - len(served)
    assert Municipality.objects.count() == 342
    heerlen = Municipality.objects.get(cbs_code="GM0917")
    assert heerlen.name == "Heerlen"
    assert heerlen.veiligheidshuis is None
    assert Municipality.objects.get(cbs_code="GM0363").veiligheidshuis is None
    # the served ones keep their Veiligheidshuis (and their name)
    assert (
        dict(
            Municipality.objects.filter(cbs_code__in=served).values_list(
                "cbs_code", "veiligheidshuis_id"
            )
        )
        == served
    )
    assert municipalities_elsewhere_load() == 0


def test_every_house_elsewhere_names_its_source_and_the_cbs_names():
    """Each house's region comes from a named source, with the names of the full list, and no
    municipality a Veiligheidshuis in zvh serves is sent elsewhere."""
    names = dict(dutch_municipalities())
    document = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    served = {
        municipality["cbs_code"]
        for path in CONFIGURATIONS.glob("*.json")
        for municipality in json.loads(path.read_text(encoding="utf-8")).get("municipalities", [])
    }
    for house in document["houses"]:
        assert house["source"].strip(), house["name"]
        for municipality in house["municipalities"]:
            assert names[municipality["cbs_code"]] == municipality["name"]
            assert municipality["cbs_code"] not in served, municipality


@pytest.mark.parametrize(
    ("cbs_code", "house_name"),
    [
        ("GM0983", "Zorg- en Veiligheidshuis Noord-Limburg"),  # Venlo
        ("GM0893", "Zorg- en Veiligheidshuis Noord-Limburg"),  # Bergen (L.), not Bergen (NH.)
        ("GM0957", "Veiligheidshuis Midden-Limburg"),  # Roermond
        ("GM0988", "Veiligheidshuis Midden-Limburg"),  # Weert
    ],
)
def test_north_and_central_limburg_are_named(cbs_code, house_name):
    house = house_elsewhere(cbs_code=cbs_code)
    assert house is not None
    assert house.name == house_name
    assert house_elsewhere(cbs_code="GM0373") is None  # Bergen (NH.): no source, no house
