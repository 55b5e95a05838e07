"""Fixtures of the API tests: a partner organisation in the Maastricht network, its API client
and an HTTP client carrying the client's token."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from zvh.api.models import ApiClient
from zvh.api.services import api_client_create
from zvh.network.enums import OrganisationKind
from zvh.network.models import CovenantMembership, Organisation


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    """Throttle counters live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def partner(houses, roles) -> Organisation:
    organisation = Organisation.objects.create(
        name="Politie (API test)", kind=OrganisationKind.POLICE
    )
    CovenantMembership.objects.create(
        organisation=organisation, veiligheidshuis=houses["MST"], joined_on=dt.date(2025, 1, 1)
    )
    return organisation


@pytest.fixture
def client_and_token(partner) -> tuple[ApiClient, str]:
    return api_client_create(
        organisation=partner, name="Politie BVH", valid_days=30, now=timezone.now()
    )


@pytest.fixture
def token(client_and_token) -> str:
    return client_and_token[1]


@pytest.fixture
def api(token) -> APIClient:
    """An HTTP client that sends the API client's token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def problem(response) -> dict:
    """The problem document of a response, after checking it is one."""
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == response.status_code
    return body


@pytest.fixture
def api_for(demo_users):
    """``api_for(organisation_name, role="registrant")``: an HTTP client carrying the token of a
    new API client of that demo organisation acting in that role (``.api_client`` is the
    ``ApiClient``)."""
    made = {"n": 0}

    def _make(organisation: str, role: str = "registrant") -> APIClient:
        made["n"] += 1
        client, token = api_client_create(
            organisation=Organisation.objects.get(name=organisation),
            name=f"System {made['n']}",
            valid_days=30,
            now=timezone.now(),
            role=role,
        )
        http = APIClient()
        http.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        http.api_client = client
        return http

    return _make
