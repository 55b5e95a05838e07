"""Erasure that erases (issue 17, point 5): after a retention run the removed values are in no
byte of the SQLite database file or its write-ahead log; the API's stored responses about the
registration and its empty attachment folder go with it."""

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection

from zvh.api.models import ApiClient, IdempotencyRecord
from zvh.api.services import api_client_create
from zvh.retention.services import retention_run

pytestmark = pytest.mark.django_db(transaction=True)

MONTH = dt.timedelta(days=31)
#: Values that exist only in the registration that goes (synthetic).
SURNAME = "Wisbaarheidsma"
BSN = "123456782"


def database_bytes() -> bytes:
    path = Path(connection.settings_dict["NAME"])
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


@pytest.fixture
def api_client(demo_users, now) -> ApiClient:
    client, _token = api_client_create(
        organisation=demo_users["aanmelder"].organisation, name="Erasure", valid_days=5, now=now
    )
    return client


@pytest.fixture
def gone(make_registration, api_client):
    """A registration past its period, and the API's stored response about it."""
    registration = make_registration(age=7 * MONTH, bsn=BSN, surname=SURNAME)
    IdempotencyRecord.objects.create(
        client=api_client,
        key="aanmelding-1",
        fingerprint="0" * 64,
        status_code=201,
        response_body={"id": str(registration.public_id), "persons": [{"surname": SURNAME}]},
        registration_public_id=registration.public_id,
    )
    return registration


def test_retention_removes_the_stored_api_responses_and_the_empty_folder(gone, now, media):
    kept = IdempotencyRecord.objects.create(
        client=IdempotencyRecord.objects.get().client, key="ander", fingerprint="1" * 64
    )
    folder = media / "attachments" / str(gone.public_id)
    assert any(folder.iterdir())
    retention_run(now=now, dry_run=False)
    assert list(IdempotencyRecord.objects.all()) == [kept]
    assert not folder.exists()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="reads the SQLite database file (PostgreSQL has none)"
)
def test_no_removed_value_is_left_in_the_database_file(gone, now):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = database_bytes()
    assert SURNAME.encode() in before  # the test can see the value where it lies
    assert BSN.encode() in before

    retention_run(now=now, dry_run=False)

    after = database_bytes()
    for value in (SURNAME, SURNAME.lower(), SURNAME.upper(), BSN):
        assert value.encode() not in after, value
        assert value.encode("utf-16-le") not in after, value
