"""Rate limiting per API client."""

from django.test import override_settings
from django.utils import timezone
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from zvh.api.services import api_client_create

from .conftest import problem


def test_over_the_rate_is_a_429_with_retry_after_and_per_client(api, partner):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "api_client": "3/minute"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        statuses = [api.get("/api/v1/outcomes/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = api.get("/api/v1/outcomes/")
        assert response.status_code == 429
        assert problem(response)["type"].endswith("/problems/rate-limited/")
        assert 1 <= int(response["Retry-After"]) <= 60

        _other, token = api_client_create(
            organisation=partner, name="Other system", valid_days=5, now=timezone.now()
        )
        other = APIClient()
        other.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert other.get("/api/v1/outcomes/").status_code == 200
