"""The two shipped configurations say exactly what the seeds say."""

import pytest

from zvh.deadlines.terms import TermUnit
from zvh.network.enums import IntakeChannel, Outcome
from zvh.network.models import LifeDomain, Municipality, SelectionCriterion, TargetGroup
from zvh.network.services import configurations_load_shipped

pytestmark = pytest.mark.django_db

SEED_CRITERIA = [
    "Is er sprake van overlast, criminaliteit of maatschappelijke uitval?",
    "Is er sprake van complexe problemen op meerdere leefgebieden en is er sprake van stagnatie "
    "in de samenwerking tussen partners?",
]


def test_sittard_offers_four_outcomes_within_two_weeks_by_email(houses):
    std = houses["STD"]
    assert std.reply_term.amount == 14
    assert std.reply_term.unit == TermUnit.CALENDAR_DAYS
    assert [value for value, _label in std.outcome_choices()] == [
        Outcome.REFER_ELSEWHERE,
        Outcome.REFER_BACK,
        Outcome.CONSULTATION_AGENDA,
        Outcome.INTEGRATED_APPROACH,
    ]
    assert std.intake_channels == [IntakeChannel.EMAIL]
    assert std.meldpunt_email == "meldpuntveiligheidshuis@sittard-geleen.nl"
    assert not std.target_groups.exists()


def test_maastricht_offers_three_outcomes_within_one_week_by_web_form(houses):
    mst = houses["MST"]
    assert (mst.reply_term.amount, mst.reply_term.unit) == (7, TermUnit.CALENDAR_DAYS)
    assert not mst.offers(Outcome.REFER_ELSEWHERE)
    assert [value for value, _label in mst.outcome_choices()] == [
        Outcome.REFER_BACK,
        Outcome.CONSULTATION_AGENDA,
        Outcome.INTEGRATED_APPROACH,
    ]
    assert mst.intake_channels == [IntakeChannel.WEB_FORM]
    assert mst.target_groups.count() == 5


@pytest.mark.parametrize("code", ["STD", "MST"])
def test_both_screen_against_the_three_seed_criteria_in_order(houses, code):
    texts = list(houses[code].criteria.values_list("text", flat=True))
    assert texts[:2] == SEED_CRITERIA
    assert texts[2].lower() == "is regie door het veiligheidshuis noodzakelijk?"
    assert len(texts) == 3


def test_life_domains_are_the_common_zrm_list(houses):
    names = list(houses["MST"].life_domains.values_list("name", flat=True))
    assert len(names) == 12
    assert names[0] == "Financiën"
    assert "Opvoeding" in names


def test_municipalities_are_served_as_in_domain_facts(houses):
    served = {m.cbs_code: m.veiligheidshuis.code for m in Municipality.objects.all()}
    assert served == {
        "GM0935": "MST",
        "GM1903": "MST",
        "GM0938": "MST",
        "GM0994": "MST",
        "GM1883": "STD",
        "GM0971": "STD",
        "GM0888": "STD",
    }


def test_loading_again_changes_nothing(houses):
    before = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (SelectionCriterion, LifeDomain, Municipality, TargetGroup)
    }
    again = {vh.code: vh.pk for vh in configurations_load_shipped()}
    after = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (SelectionCriterion, LifeDomain, Municipality, TargetGroup)
    }
    assert again == {code: vh.pk for code, vh in houses.items()}
    assert after == before
