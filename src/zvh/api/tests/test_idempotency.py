"""Idempotency-Key: a retry returns the original response and does nothing again."""

import json
import threading

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from zvh.api.models import IdempotencyRecord
from zvh.api.services import api_client_create, idempotency_records_purge
from zvh.network.models import LifeDomain

from . import views
from .conftest import problem

pytestmark = pytest.mark.urls("zvh.api.tests.urls")
URL = "/api/v1/test/life-domains/"
BODY = {"veiligheidshuis": "MST", "name": "Idempotent", "position": 77}


def _post(api, body=BODY, key: str | None = "key-1"):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(URL, body, format="json", **extra)


def _effects() -> int:
    return LifeDomain.objects.filter(name__startswith="Idempotent").count()


def test_a_retry_with_the_same_key_and_body_replays_the_response_and_does_nothing(api):
    first = _post(api)
    second = _post(api)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert first["Location"] == second["Location"]
    assert "Idempotent-Replayed" not in first
    assert second["Idempotent-Replayed"] == "true"
    assert _effects() == 1


def test_the_same_key_with_another_body_is_a_422_and_does_nothing(api):
    _post(api)
    response = _post(api, {**BODY, "position": 78})
    assert response.status_code == 422
    assert problem(response)["type"].endswith("/problems/idempotency-key-reused/")
    assert _effects() == 1


def test_the_body_is_compared_as_data_not_as_bytes(api):
    _post(api)
    reordered = json.dumps(dict(reversed(BODY.items())), indent=2)
    response = api.generic(
        "POST", URL, reordered, content_type="application/json", HTTP_IDEMPOTENCY_KEY="key-1"
    )
    assert response.status_code == 201
    assert response["Idempotent-Replayed"] == "true"


def test_new_keys_do_new_work(api):
    _post(api, key="a")
    _post(api, {**BODY, "name": "Idempotent 2", "position": 78}, key="b")
    assert _effects() == 2


@pytest.mark.parametrize("key", [None, "", "with space", "x" * 256, "é"])
def test_a_missing_or_malformed_key_is_a_400(api, key):
    response = _post(api, key=key)
    assert response.status_code == 400
    assert problem(response)["type"].endswith("/problems/idempotency-key-missing/")
    assert _effects() == 0


def test_an_error_response_is_not_stored_and_releases_the_key(api):
    response = _post(api, {**BODY, "position": "x"})
    assert response.status_code == 422
    assert not IdempotencyRecord.objects.exists()
    assert _post(api, {**BODY, "position": "x"}).status_code == 422
    assert _post(api).status_code == 201  # nothing was stored: the key is free for new work


def test_keys_belong_to_one_client(api, partner):
    _post(api)
    _other, token = api_client_create(
        organisation=partner, name="Second system", valid_days=5, now=timezone.now()
    )
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = _post(other, {**BODY, "name": "Idempotent other", "position": 78})
    assert response.status_code == 201
    assert _effects() == 2


def test_old_records_can_be_purged(api):
    _post(api)
    assert idempotency_records_purge(older_than=timezone.now()) == 1
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_posts_do_the_work_exactly_once(token, monkeypatch):
    monkeypatch.setattr(views.LifeDomainCreateView, "delay", 0.5)
    barrier = threading.Barrier(2)
    responses: list = []
    failures: list[BaseException] = []

    def post() -> None:
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
            barrier.wait(timeout=10)
            responses.append(_post(client, key="concurrent"))
        except BaseException as error:  # reported in the main thread
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert sorted(r.status_code for r in responses) == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sum(r.has_header("Idempotent-Replayed") for r in responses) == 1
    assert _effects() == 1
    assert IdempotencyRecord.objects.count() == 1
