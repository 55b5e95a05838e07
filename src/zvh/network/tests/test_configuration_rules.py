"""Configuration that contradicts itself is refused, whatever path it takes."""

import copy
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zvh.network.enums import OrganisationKind, Outcome
from zvh.network.models import Municipality, Organisation, TargetGroup, Veiligheidshuis
from zvh.network.services import SHIPPED_CONFIGURATIONS, configuration_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def maastricht_document():
    return json.loads((SHIPPED_CONFIGURATIONS / "maastricht.json").read_text())


def load_changed(document, change):
    document = copy.deepcopy(document)
    change(document)
    return configuration_load(data=document)


def test_a_reply_term_of_zero_is_refused(maastricht_document):
    def zero(d):
        d["veiligheidshuis"]["reply_term"]["amount"] = 0

    with pytest.raises(ValidationError) as error:
        load_changed(maastricht_document, zero)
    assert "reply_term_amount" in error.value.message_dict
    assert not Veiligheidshuis.objects.exists()


def test_the_database_refuses_a_reply_term_of_zero_too(houses):
    with pytest.raises(IntegrityError), transaction.atomic():
        Veiligheidshuis.objects.filter(code="MST").update(reply_term_amount=0)


def test_a_veiligheidshuis_without_outcomes_is_refused(maastricht_document):
    def no_outcomes(d):
        d["veiligheidshuis"]["offered_outcomes"] = []

    with pytest.raises(ValidationError) as error:
        load_changed(maastricht_document, no_outcomes)
    assert "offered_outcomes" in error.value.message_dict


def test_an_unknown_outcome_is_refused(maastricht_document):
    def unknown(d):
        d["veiligheidshuis"]["offered_outcomes"] = ["refer_back", "lock_up"]

    with pytest.raises(ValidationError) as error:
        load_changed(maastricht_document, unknown)
    assert "lock_up" in " ".join(error.value.message_dict["offered_outcomes"])


def test_a_veiligheidshuis_without_criteria_is_refused(maastricht_document):
    def no_criteria(d):
        d["criteria"] = []

    with pytest.raises(ValidationError) as error:
        load_changed(maastricht_document, no_criteria)
    assert error.value.code == "no_criteria"
    assert not Veiligheidshuis.objects.exists()


def test_a_target_group_outside_the_region_is_refused_and_nothing_is_stored(
    maastricht_document, houses
):
    def scope_to_sittard(d):
        d["target_groups"][0]["municipalities"].append("GM1883")
        d["veiligheidshuis"]["reply_term"]["amount"] = 9

    with pytest.raises(ValidationError) as error:
        load_changed(maastricht_document, scope_to_sittard)
    assert "Sittard-Geleen" in error.value.messages[0]
    houses["MST"].refresh_from_db()
    assert houses["MST"].reply_term_amount == 7  # the whole document was rolled back


def test_a_duplicate_short_code_is_refused_case_insensitively(houses):
    copycat = Veiligheidshuis(
        name="Kopie",
        code="mst",
        region="-",
        meldpunt_email="kopie@example.org",
        reply_term_amount=7,
        reply_term_unit="calendar_days",
        offered_outcomes=[Outcome.REFER_BACK],
        intake_channels=["web_form"],
    )
    with pytest.raises(ValidationError) as error:
        copycat.full_clean()
    assert "code" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Veiligheidshuis.objects.create(
            **{f: getattr(copycat, f) for f in ("name", "region", "meldpunt_email")},
            code="Mst",
            reply_term_amount=7,
            reply_term_unit="calendar_days",
            offered_outcomes=["refer_back"],
            intake_channels=["web_form"],
        )


def test_adding_a_foreign_municipality_to_a_target_group_is_refused_both_ways(municipalities):
    group = TargetGroup.objects.get(code="veelplegers")
    with pytest.raises(ValidationError), transaction.atomic():
        group.municipalities.add(municipalities["Stein"])
    with pytest.raises(ValidationError), transaction.atomic():
        municipalities["Beek"].target_groups.add(group)
    assert set(group.municipalities.values_list("name", flat=True)) == {
        "Maastricht",
        "Meerssen",
        "Eijsden-Margraten",
        "Valkenburg aan de Geul",
    }


def test_a_municipality_cannot_move_while_target_groups_apply_to_it(houses, municipalities):
    meerssen = municipalities["Meerssen"]
    meerssen.veiligheidshuis = houses["STD"]
    with pytest.raises(ValidationError) as error:
        meerssen.full_clean()
    assert "veiligheidshuis" in error.value.message_dict


def test_only_a_veiligheidshuis_organisation_is_the_staff_of_one(houses):
    police = Organisation(
        name="Politie", kind=OrganisationKind.POLICE, veiligheidshuis=houses["MST"]
    )
    with pytest.raises(ValidationError):
        police.full_clean()
    staff = Organisation(name="ZVH zonder huis", kind=OrganisationKind.VEILIGHEIDSHUIS)
    with pytest.raises(ValidationError):
        staff.full_clean()


def test_an_incomplete_document_is_refused_with_the_missing_key(maastricht_document):
    del maastricht_document["veiligheidshuis"]["reply_term"]
    with pytest.raises(ValidationError) as error:
        configuration_load(data=maastricht_document)
    assert "reply_term" in error.value.messages[0]


def test_an_unserved_municipality_can_exist_without_a_veiligheidshuis(houses):
    Municipality(name="Heerlen", cbs_code="GM0917").full_clean()
    with pytest.raises(ValidationError):
        Municipality(name="Fout", cbs_code="0917").full_clean()
