"""Schemathesis against the live schema: generated requests (valid and invalid) to every
endpoint, with a valid token of a client in the endpoint's role, through the real WSGI
application. No response may be a 5xx, and every response must conform to the schema (status,
content type, body). Stateless: generated ids rarely name an existing registration, so the writes
mostly exercise input checking, idempotency and the 404s; the lists read real registrations.

Every request the schema calls valid is accepted (issue 17, point 6): the schema states the
rules (required fields, unknown fields refused, minimum lengths, enums, patterns), so a 400 or
422 to a positive example may only name a rule of ``NOT_IN_SCHEMA``, which OpenAPI 3.0 cannot
state."""

import re
import uuid
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.settings import api_settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from zvh.api.services import api_client_create
from zvh.network.models import Organisation
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

EXAMPLES = 30

#: (field, code) of the only rules a schema-valid request may still break: they depend on
#: configuration data or on an item's place in a list, which OpenAPI 3.0 cannot state (the
#: fields' descriptions do). Fields are named without list positions.
NOT_IN_SCHEMA = {
    # the first person (OpenAPI 3.0 has no per-item schemas: no prefixItems)
    ("persons", "municipality_required"),
    ("persons", "first_person_relation"),
    # references to configuration data (CBS codes, target groups, life domains, partners)
    ("persons.municipality", "does_not_exist"),
    ("target_group", "invalid_choice"),
    ("life_domains", "invalid_choice"),
    ("municipality", "invalid_choice"),
    ("organisation", "invalid_choice"),
}
#: What a valid request may get besides success: not found, conflict, rate limit.
ACCEPTED = {401, 403, 404, 409, 429}


def refused_for_a_rule_the_schema_states(response) -> list[tuple[str, str]]:
    """The (field, code) pairs of a refusal that are not in ``NOT_IN_SCHEMA``."""
    if response.status_code < 300 or response.status_code in ACCEPTED:
        return []
    body = response.json()
    named = [
        (re.sub(r"\.[0-9]+", "", error.get("field") or ""), error.get("code", ""))
        for error in body.get("errors", [])
    ]
    if response.status_code not in (400, 422) or not named:
        return [("", str(body.get("type", response.status_code)))]
    return [pair for pair in named if pair not in NOT_IN_SCHEMA]


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's connection (which
    holds the test transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled():
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "api_client": "100000/minute"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        yield


@pytest.fixture
def registrations(demo_users, houses, municipalities) -> None:
    """A few submitted registrations and a draft of Politie (demo) at Maastricht."""
    for status in (Status.RECEIVED, Status.SCREENING, Status.DRAFT):
        registration = RegistrationFactory(
            registrant=demo_users["aanmelder"],
            veiligheidshuis=houses["MST"],
            status=status,
            reference=None if status == Status.DRAFT else f"MST-2026-9000{len(status)}",
            received_at=timezone.now(),
            deadline_at=timezone.now() + timedelta(days=7),
        )
        PersonFactory(registration=registration, municipality=municipalities["Maastricht"])


#: The operations of each tag, and the demo organisation and role of the client calling them.
TAGS = {
    "Configuration": ("Politie (demo)", "registrant", 7),
    "Registrations": ("Politie (demo)", "registrant", 7),
    "Meldpunt": ("Zorg- en Veiligheidshuis Maastricht", "screener", 6),
}


@pytest.mark.parametrize("tag", list(TAGS))
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_endpoints_hold_to_their_schema(
    registrations, unthrottled, keep_test_connection, tag, mode
):
    organisation, role, expected = TAGS[tag]
    _client, token = api_client_create(
        organisation=Organisation.objects.get(name=organisation),
        name="Schemathesis",
        valid_days=1,
        now=timezone.now(),
        role=role,
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    operations = schema.include(tag=tag)
    headers = {"Authorization": f"Bearer {token}"}
    # Schemathesis' own acceptance check knows no rules outside the schema: ours below does.
    excluded = [positive_data_acceptance]
    # The token is fixed in the strategy (so negative cases cannot mutate it away), which makes
    # schemathesis take it for generated auth and flag every 2xx as "invalid auth accepted".
    # Refusing missing, invalid, expired and revoked tokens is tested in test_authentication.
    excluded.append(ignored_auth)
    count = unsatisfiable = 0
    for result in operations.get_all_operations():
        operation = result.ok()
        count += 1

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode, headers=headers))
        def check(case) -> None:
            if mode == GenerationMode.POSITIVE and "Idempotency-Key" in (case.headers or {}):
                # As documented: a new key per operation (a reused one with another body is
                # a 422, rightly).
                case.headers["Idempotency-Key"] = str(uuid.uuid4())
            response = case.call_and_validate(excluded_checks=excluded)
            if mode == GenerationMode.POSITIVE:
                broken = refused_for_a_rule_the_schema_states(response)
                assert not broken, (case.operation.label, response.status_code, broken)

        try:
            check()
        except Unsatisfiable:
            # Nothing schema-violating can be generated for this operation (e.g. only a string
            # path parameter besides the fixed token); its positive run covers it.
            assert mode == GenerationMode.NEGATIVE
            unsatisfiable += 1
    assert count == expected
    assert unsatisfiable < count
