"""Bearer tokens: valid, wrong, expired, revoked; stored only as a hash."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from rest_framework.test import APIClient

from zvh.accounts.roles import RoleCode
from zvh.api.models import ApiClient
from zvh.api.services import api_client_create, api_client_revoke
from zvh.api.tokens import token_hash

from .conftest import problem

URL = "/api/v1/outcomes/"


def _get(token: str | None, url: str = URL):
    client = APIClient()
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client.get(url)


def test_a_valid_token_authenticates_and_notes_the_use(client_and_token):
    client, token = client_and_token
    assert client.last_used_at is None
    response = _get(token)
    assert response.status_code == 200
    client.refresh_from_db()
    assert client.last_used_at is not None


def test_the_token_is_stored_only_as_a_hash(client_and_token):
    client, token = client_and_token
    stored = ApiClient.objects.filter(pk=client.pk).values().get()
    assert token not in {str(value) for value in stored.values()}
    assert client.token_hash == token_hash(token)
    assert token.startswith(f"zvh_{client.prefix}_")


def test_the_client_acts_as_a_registrant_of_its_organisation(client_and_token, partner):
    client, _token = client_and_token
    user = client.user
    assert user.organisation == partner
    assert user.role_codes == {RoleCode.REGISTRANT}
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer zvh_00000000_" + "a" * 43,
        "Bearer not-a-token",
        "Bearer a b",
        "Basic dXNlcjpwYXNz",
    ],
)
def test_missing_or_wrong_credentials_are_a_401_problem(client_and_token, header):
    client = APIClient()
    if header is not None:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(URL)
    assert response.status_code == 401
    assert problem(response)["type"].endswith("/problems/not-authenticated/")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_with_the_right_prefix_but_wrong_secret_is_refused(client_and_token):
    _client, token = client_and_token
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = _get(forged)
    assert response.status_code == 401
    assert problem(response)["detail"] == "The token is not valid."


def test_an_expired_token_is_refused(client_and_token):
    client, token = client_and_token
    with freeze_time(client.expires_at + dt.timedelta(seconds=1)):
        response = _get(token)
    assert response.status_code == 401
    assert "expired" in problem(response)["detail"]


def test_a_revoked_token_is_refused_and_its_user_deactivated(client_and_token):
    client, token = client_and_token
    api_client_revoke(client=client, now=timezone.now())
    response = _get(token)
    assert response.status_code == 401
    assert "revoked" in problem(response)["detail"]
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert not client.user.is_active


def test_a_session_login_does_not_open_the_api(client_and_token, client):
    api_client, _token = client_and_token
    client.force_login(api_client.user)
    response = client.get(URL)
    assert response.status_code == 401


def test_no_client_for_an_organisation_outside_every_network(houses, roles):
    from django.core.exceptions import ValidationError

    from zvh.network.enums import OrganisationKind
    from zvh.network.models import Organisation

    loner = Organisation.objects.create(name="Eenling", kind=OrganisationKind.OTHER)
    with pytest.raises(ValidationError) as error:
        api_client_create(organisation=loner, name="x", valid_days=10, now=timezone.now())
    assert "organisation" in error.value.message_dict


def test_names_are_unique_per_organisation_and_validity_is_bounded(partner):
    from django.core.exceptions import ValidationError

    api_client_create(organisation=partner, name="BVH", valid_days=10, now=timezone.now())
    with pytest.raises(ValidationError) as error:
        api_client_create(organisation=partner, name="bvh", valid_days=0, now=timezone.now())
    assert set(error.value.message_dict) == {"name", "valid_days"}


def test_the_command_prints_a_working_token_once(partner, capsys):
    call_command("create_api_client", organisation=partner.name, name="Koppeling", days=7)
    out, err = capsys.readouterr()
    token = out.strip()
    assert token.startswith("zvh_")
    assert token not in err
    assert _get(token).status_code == 200
    client = ApiClient.objects.get(name="Koppeling")
    assert (client.expires_at - timezone.now()).days in {6, 7}


def test_the_command_refuses_an_unknown_organisation(houses):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("create_api_client", organisation="Nobody", name="x")
