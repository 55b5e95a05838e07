"""Schemathesis against the live schema: generated requests (valid and invalid) to every
endpoint, with a valid token of a client in the endpoint's role, through the real WSGI
application. No response may be a 5xx, and every response must conform to the schema (status,
content type, body). Stateless: generated ids rarely name an existing registration, so the writes
mostly exercise input checking, idempotency and the 404s; the lists read real registrations."""

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
    # A schema-valid request to a registration or meldpunt endpoint may still break a rule the
    # schema cannot state (a CBS code that exists, a complete registration, an outcome the
    # Veiligheidshuis offers, an id that names a registration): a 422 or 404 is then right.
    excluded = [] if tag == "Configuration" else [positive_data_acceptance]
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
            case.call_and_validate(excluded_checks=excluded)

        try:
            check()
        except Unsatisfiable:
            # Nothing schema-violating can be generated for this operation (e.g. only a string
            # path parameter besides the fixed token); its positive run covers it.
            assert mode == GenerationMode.NEGATIVE
            unsatisfiable += 1
    assert count == expected
    assert unsatisfiable < count
