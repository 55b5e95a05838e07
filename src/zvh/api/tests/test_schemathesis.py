"""Schemathesis against the live schema: generated requests (valid and invalid) to every
configuration endpoint, with a valid token, through the real WSGI application. No response may
be a 5xx, and every response must conform to the schema (status, content type, body)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.settings import api_settings
from schemathesis import GenerationMode

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


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_configuration_endpoints_hold_to_their_schema(
    houses, token, unthrottled, keep_test_connection, mode
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    operations = schema.include(tag="Configuration")
    headers = {"Authorization": f"Bearer {token}"}
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
            case.call_and_validate()

        try:
            check()
        except Unsatisfiable:
            # Nothing schema-violating can be generated for this operation (e.g. only a string
            # path parameter besides the fixed token); its positive run covers it.
            assert mode == GenerationMode.NEGATIVE
            unsatisfiable += 1
    assert count == 7
    assert unsatisfiable < count
