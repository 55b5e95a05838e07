"""ETag from the version; If-Match required on writes (428 missing, 412 stale, nothing changed)."""

import pytest

from zvh.api.concurrency import etag_for
from zvh.registrations.models import Channel, Registration

from .conftest import problem

pytestmark = pytest.mark.urls("zvh.api.tests.urls")


@pytest.fixture
def registration(client_and_token, houses) -> Registration:
    client, _token = client_and_token
    return Registration.objects.create(
        registrant=client.user,
        registrant_organisation=client.organisation,
        veiligheidshuis=houses["MST"],
        channel=Channel.API,
        reason="first",
    )


def _url(registration: Registration) -> str:
    return f"/api/v1/test/registrations/{registration.public_id}/"


def test_a_read_carries_the_etag_of_the_version(api, registration):
    response = api.get(_url(registration))
    assert response["ETag"] == etag_for(version=registration.version) == '"1"'


def test_a_write_with_the_current_etag_succeeds_and_gets_the_new_one(api, registration):
    etag = api.get(_url(registration))["ETag"]
    response = api.patch(
        _url(registration), {"reason": "second"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert response["ETag"] == '"2"'
    registration.refresh_from_db()
    assert (registration.reason, registration.version) == ("second", 2)


@pytest.mark.parametrize(
    ("if_match", "status", "slug"),
    [
        (None, 428, "precondition-required"),
        ("", 428, "precondition-required"),
        ('"0"', 412, "precondition-failed"),
        ("*", 412, "precondition-failed"),
        ('W/"1"', 412, "precondition-failed"),
    ],
)
def test_a_missing_or_stale_if_match_changes_nothing(api, registration, if_match, status, slug):
    extra = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    response = api.patch(_url(registration), {"reason": "lost"}, format="json", **extra)
    assert response.status_code == status
    assert problem(response)["type"].endswith(f"/problems/{slug}/")
    registration.refresh_from_db()
    assert (registration.reason, registration.version) == ("first", 1)


def test_the_second_of_two_writes_from_the_same_read_is_refused(api, registration):
    etag = api.get(_url(registration))["ETag"]
    first = api.patch(_url(registration), {"reason": "a"}, format="json", HTTP_IF_MATCH=etag)
    second = api.patch(_url(registration), {"reason": "b"}, format="json", HTTP_IF_MATCH=etag)
    assert (first.status_code, second.status_code) == (200, 412)
    registration.refresh_from_db()
    assert registration.reason == "a"


def test_one_of_several_etags_may_match(api, registration):
    response = api.patch(
        _url(registration), {"reason": "c"}, format="json", HTTP_IF_MATCH='"7", "1"'
    )
    assert response.status_code == 200
