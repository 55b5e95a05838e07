"""A target group is offered only for the municipalities it applies to."""

import pytest
from django.core.exceptions import ValidationError

from zvh.network.models import Municipality
from zvh.network.selectors import target_groups_for_municipality, veiligheidshuis_serving

pytestmark = pytest.mark.django_db

REGION_WIDE = {"veelplegers", "huiselijk-geweld"}
CITY_ONLY = {"nazorg-gedetineerden", "multiproblematiek-oggz", "risicojeugd-cjg"}


def codes(municipality):
    return set(
        target_groups_for_municipality(municipality=municipality).values_list("code", flat=True)
    )


def test_a_resident_of_the_city_of_maastricht_can_be_proposed_for_all_five(municipalities):
    assert codes(municipalities["Maastricht"]) == REGION_WIDE | CITY_ONLY


@pytest.mark.parametrize("name", ["Valkenburg aan de Geul", "Meerssen", "Eijsden-Margraten"])
def test_elsewhere_in_the_district_only_prolific_offenders_and_domestic_violence(
    municipalities, name
):
    assert codes(municipalities[name]) == REGION_WIDE


@pytest.mark.parametrize("name", ["Sittard-Geleen", "Stein", "Beek"])
def test_sittard_has_no_target_groups(municipalities, name):
    assert codes(municipalities[name]) == set()


def test_the_serving_veiligheidshuis_follows_from_the_municipality(houses, municipalities):
    assert veiligheidshuis_serving(municipality=municipalities["Meerssen"]) == houses["MST"]
    assert veiligheidshuis_serving(municipality=municipalities["Stein"]) == houses["STD"]


def test_a_municipality_no_veiligheidshuis_serves_is_refused_with_its_name(houses):
    heerlen = Municipality.objects.create(name="Heerlen", cbs_code="GM0917")
    with pytest.raises(ValidationError) as error:
        veiligheidshuis_serving(municipality=heerlen)
    assert error.value.code == "municipality_not_served"
    assert "Heerlen" in error.value.messages[0]
