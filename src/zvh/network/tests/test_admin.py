"""The functional administrator's configuration screens: own Veiligheidshuis only, and
contradicting configuration refused with a clear message."""

import pytest
from django.urls import reverse

from conftest import force_login_verified
from zvh.accounts.models import User
from zvh.network.models import TargetGroup, Veiligheidshuis

pytestmark = pytest.mark.django_db


def vh_form(vh: Veiligheidshuis, **overrides) -> dict:
    """The POST body of the Veiligheidshuis change form, as the browser would send it."""
    data = {
        "name": vh.name,
        "region": vh.region,
        "meldpunt_email": vh.meldpunt_email,
        "reply_term_amount": vh.reply_term_amount,
        "reply_term_unit": vh.reply_term_unit,
        "offered_outcomes": list(vh.offered_outcomes),
        "intake_channels": list(vh.intake_channels),
    }
    for prefix, items, field in (
        ("criteria", vh.criteria.all(), "text"),
        ("life_domains", vh.life_domains.all(), "name"),
    ):
        items = list(items)
        data |= {
            f"{prefix}-TOTAL_FORMS": len(items),
            f"{prefix}-INITIAL_FORMS": len(items),
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
        for i, item in enumerate(items):
            data |= {
                f"{prefix}-{i}-id": item.pk,
                f"{prefix}-{i}-veiligheidshuis": vh.pk,
                f"{prefix}-{i}-position": item.position,
                f"{prefix}-{i}-{field}": getattr(item, field),
            }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def beheerder(demo_users, login):
    return login(demo_users["beheerder"])


@pytest.fixture
def superuser_client(demo_users, client):
    superuser = User.objects.create_superuser("platform", "platform@demo.invalid", None)
    return force_login_verified(client, superuser)


def change_url(vh):
    return reverse("admin:network_veiligheidshuis_change", args=[vh.pk])


def test_the_functional_administrator_sees_only_their_own_veiligheidshuis(beheerder):
    page = beheerder.get(reverse("admin:network_veiligheidshuis_changelist"))
    assert page.status_code == 200
    assert "Veiligheidshuis Maastricht" in page.text
    assert "district Sittard" not in page.text
    sittard = Veiligheidshuis.objects.get(code="STD")
    assert beheerder.get(change_url(sittard)).status_code == 302  # "does not exist" → index
    assert beheerder.post(change_url(sittard), vh_form(sittard, region="X")).status_code == 302
    sittard.refresh_from_db()
    assert sittard.region != "X"


@pytest.mark.parametrize("username", ["screener", "aanmelder", "privacy", "manager"])
def test_other_roles_cannot_enter_the_configuration(demo_users, login, username):
    response = login(demo_users[username]).get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert response.templates[0].name == "two_factor/core/login.html"


def test_the_functional_administrator_changes_the_reply_term(beheerder):
    mst = Veiligheidshuis.objects.get(code="MST")
    response = beheerder.post(change_url(mst), vh_form(mst, reply_term_amount=5))
    assert response.status_code == 302, response.context["errors"]
    mst.refresh_from_db()
    assert mst.reply_term_amount == 5


def test_a_reply_term_of_zero_is_refused_with_a_dutch_message(beheerder):
    mst = Veiligheidshuis.objects.get(code="MST")
    response = beheerder.post(change_url(mst), vh_form(mst, reply_term_amount=0))
    assert response.status_code == 200
    assert "De reactietermijn is minstens één dag." in response.text
    mst.refresh_from_db()
    assert mst.reply_term_amount == 7


def test_no_outcomes_is_refused_and_what_was_typed_is_kept(beheerder):
    mst = Veiligheidshuis.objects.get(code="MST")
    response = beheerder.post(
        change_url(mst), vh_form(mst, offered_outcomes=None, region="Nieuwe regio")
    )
    assert response.status_code == 200
    assert "Dit veld is vereist." in response.text
    assert 'value="Nieuwe regio"' in response.text


def test_deleting_every_criterion_is_refused(beheerder):
    mst = Veiligheidshuis.objects.get(code="MST")
    data = vh_form(mst) | {f"criteria-{i}-DELETE": "on" for i in range(3)}
    response = beheerder.post(change_url(mst), data)
    assert response.status_code == 200
    assert "Een Veiligheidshuis heeft minstens één selectiecriterium nodig." in response.text
    assert mst.criteria.count() == 3


def test_a_duplicate_short_code_is_refused(superuser_client):
    mst = Veiligheidshuis.objects.get(code="MST")
    data = vh_form(mst, code="MST", name="Tweede") | {
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-position": 1,
        "criteria-0-text": "Vraag?",
        "life_domains-TOTAL_FORMS": 1,
        "life_domains-INITIAL_FORMS": 0,
        "life_domains-0-position": 1,
        "life_domains-0-name": "Wonen",
    }
    data = {k: v for k, v in data.items() if not k.endswith(("-id", "-veiligheidshuis"))}
    response = superuser_client.post(reverse("admin:network_veiligheidshuis_add"), data)
    assert response.status_code == 200
    assert "Een ander Veiligheidshuis gebruikt deze korte code al." in response.text
    assert Veiligheidshuis.objects.count() == 2


def test_a_target_group_scoped_outside_the_region_is_refused(superuser_client, municipalities):
    mst = Veiligheidshuis.objects.get(code="MST")
    response = superuser_client.post(
        reverse("admin:network_targetgroup_add"),
        {
            "veiligheidshuis": mst.pk,
            "code": "nieuw",
            "name": "Nieuwe doelgroep",
            "municipalities": [municipalities["Maastricht"].pk, municipalities["Stein"].pk],
        },
    )
    assert response.status_code == 200
    assert "Stein" in response.text
    assert "alleen gelden voor gemeenten die het eigen Veiligheidshuis bedient" in response.text
    assert not TargetGroup.objects.filter(code="nieuw").exists()


def test_the_functional_administrator_is_offered_only_their_own_municipalities(
    beheerder, municipalities
):
    page = beheerder.get(reverse("admin:network_targetgroup_add"))
    field = page.context["adminform"].form.fields["municipalities"]
    offered = {str(municipality) for municipality in field.queryset}
    assert offered == {"Eijsden-Margraten", "Maastricht", "Meerssen", "Valkenburg aan de Geul"}
    response = beheerder.post(
        reverse("admin:network_targetgroup_add"),
        {
            "veiligheidshuis": Veiligheidshuis.objects.get(code="MST").pk,
            "code": "x",
            "name": "X",
            "municipalities": [municipalities["Stein"].pk],
        },
    )
    assert response.status_code == 200
    assert not TargetGroup.objects.filter(code="x").exists()


def test_the_functional_administrator_adds_a_target_group_in_their_region(
    beheerder, municipalities
):
    response = beheerder.post(
        reverse("admin:network_targetgroup_add"),
        {
            "veiligheidshuis": Veiligheidshuis.objects.get(code="MST").pk,
            "code": "radicalisering",
            "name": "Radicalisering",
            "municipalities": [municipalities["Meerssen"].pk],
        },
    )
    assert response.status_code == 302
    group = TargetGroup.objects.get(code="radicalisering")
    assert list(group.municipalities.values_list("name", flat=True)) == ["Meerssen"]
