"""Functional administrators manage the API clients of their own network."""

import pytest
from django.urls import reverse
from django.utils import timezone

from zvh.api.models import ApiClient
from zvh.api.services import api_client_create
from zvh.api.tokens import token_hash
from zvh.network.models import Organisation

ADD = "admin:api_apiclient_add"
LIST = "admin:api_apiclient_changelist"


@pytest.fixture
def beheerder(demo_users, login):
    """The functional administrator of Veiligheidshuis Maastricht."""
    return login(demo_users["beheerder"])


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def test_creating_a_client_shows_its_token_once(beheerder):
    politie = _org("Politie (demo)")
    response = beheerder.post(
        reverse(ADD), {"organisation": politie.pk, "name": "BVH-koppeling", "valid_days": 90}
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="BVH-koppeling")
    token = response.context["token"]
    assert client.token_hash == token_hash(token)
    assert token in response.content.decode()
    assert client.organisation == politie
    listing = beheerder.get(reverse(LIST))
    assert "BVH-koppeling" in listing.content.decode()
    assert token not in listing.content.decode()
    change = beheerder.get(reverse("admin:api_apiclient_change", args=[client.pk]))
    assert token not in change.content.decode()


def test_organisations_outside_the_network_are_not_offered_nor_listed(beheerder):
    sittard = _org("Gemeente Sittard-Geleen (demo)")
    form = beheerder.get(reverse(ADD)).content.decode()
    assert "Politie (demo)" in form
    assert sittard.name not in form
    response = beheerder.post(
        reverse(ADD), {"organisation": sittard.pk, "name": "x", "valid_days": 30}
    )
    assert not ApiClient.objects.exists()
    assert response.status_code == 200
    other, _token = api_client_create(
        organisation=sittard, name="Sittard-systeem", valid_days=30, now=timezone.now()
    )
    assert "Sittard-systeem" not in beheerder.get(reverse(LIST)).content.decode()
    change = beheerder.get(reverse("admin:api_apiclient_change", args=[other.pk]))
    assert change.status_code == 302  # not found in scope: back to the admin index


def test_a_rule_of_the_service_is_shown_on_the_form(beheerder):
    politie = _org("Politie (demo)")
    api_client_create(organisation=politie, name="Dubbel", valid_days=30, now=timezone.now())
    response = beheerder.post(
        reverse(ADD), {"organisation": politie.pk, "name": "dubbel", "valid_days": 30}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"]
    assert ApiClient.objects.count() == 1


def test_revoking_selected_clients(beheerder):
    client, _token = api_client_create(
        organisation=_org("Politie (demo)"), name="Weg", valid_days=30, now=timezone.now()
    )
    response = beheerder.post(
        reverse(LIST), {"action": "revoke", "_selected_action": [client.pk]}, follow=True
    )
    assert response.status_code == 200
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert not client.user.is_active


def test_clients_cannot_be_deleted(beheerder):
    client, _token = api_client_create(
        organisation=_org("Politie (demo)"), name="Blijft", valid_days=30, now=timezone.now()
    )
    response = beheerder.post(
        reverse("admin:api_apiclient_delete", args=[client.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ApiClient.objects.filter(pk=client.pk).exists()


def test_a_registrant_cannot_reach_the_screens(demo_users, login):
    client = login(demo_users["aanmelder"])
    assert client.get(reverse(LIST)).status_code == 302


def test_a_meldpunt_client_is_created_for_the_veiligheidshuis_staff_only(beheerder):
    staff = _org("Zorg- en Veiligheidshuis Maastricht")
    response = beheerder.post(
        reverse(ADD),
        {
            "organisation": staff.pk,
            "name": "Meldpunt-koppeling",
            "valid_days": 30,
            "role": "screener",
        },
    )
    assert response.status_code == 200
    client = ApiClient.objects.get(name="Meldpunt-koppeling")
    assert client.user.role_codes == {"screener"}
    refused = beheerder.post(
        reverse(ADD),
        {
            "organisation": _org("Politie (demo)").pk,
            "name": "Not a meldpunt",
            "valid_days": 30,
            "role": "screener",
        },
    )
    assert refused.status_code == 200
    assert not ApiClient.objects.filter(name="Not a meldpunt").exists()
    assert refused.context["adminform"].form.errors
