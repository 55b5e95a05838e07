"""A partner finds the plans their organisation has a role in from the home page and from the
open actions (branch figures); organisations without such a plan see no link."""

import pytest
from django.urls import reverse

from zvh.approach.services.plans import plan_agreement_add
from zvh.approach.services.sharing import plan_share

from .conftest import NOW, domains_of
from .test_rules import _agreement

pytestmark = pytest.mark.django_db

PLANS = reverse("approach:partner_list")


def test_an_agreement_owner_finds_the_plan_from_home_and_actions(
    first_version, approach_case, demo_users, partner_users, login
):
    probation = partner_users["probation"]
    plan_agreement_add(
        case=approach_case,
        data=_agreement(approach_case, probation),
        base_version=1,
        by=demo_users["regisseur"],
        now=NOW,
    )
    client = login(probation)
    home = client.get(reverse("home")).text
    assert f'href="{PLANS}"' in home
    assert "Uw organisatie heeft een rol in 1 plan van aanpak." in home
    actions = client.get(reverse("cases:actions")).text
    assert f'href="{PLANS}"' in actions
    assert approach_case.reference in client.get(PLANS).text


def test_a_shared_part_alone_is_enough(
    first_version, approach_case, demo_users, partner_users, login
):
    mental_health = partner_users["mental_health"]
    plan_share(
        case=approach_case,
        organisation_id=mental_health.organisation_id,
        life_domain_ids=[domains_of(approach_case)[0].pk],
        by=demo_users["regisseur"],
        now=NOW,
    )
    assert f'href="{PLANS}"' in login(mental_health).get(reverse("home")).text


def test_no_link_without_a_role_in_a_plan(first_version, partner_users, demo_users, login):
    for user in (partner_users["police"], demo_users["manager"]):
        client = login(user)
        assert f'href="{PLANS}"' not in client.get(reverse("home")).text
    assert (
        f'href="{PLANS}"' not in login(partner_users["police"]).get(reverse("cases:actions")).text
    )
