"""Backup and restore, round trip on the database the tests run on (SQLite, or PostgreSQL in
CI's PostgreSQL pass): ``manage.py backup`` of a database with registrations, an attachment and
access-log entries; ``manage.py restore`` (a separate process, as an operator runs it) into a
fresh database; counts, chain head and the access log's hash chain verified."""

import json
import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from zvh.access_log.models import AccessLogEntry
from zvh.access_log.tests.helpers import record
from zvh.access_log.values import LoggedPerson
from zvh.registrations.models import Attachment, Registration
from zvh.registrations.status import Status
from zvh.registrations.tests.factories import PersonFactory, RegistrationFactory

from . import stack

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def installation(demo_users, houses, municipalities, settings, tmp_path) -> dict:
    """Registrations with persons, an attachment file and access-log entries, committed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    police = demo_users["aanmelder"]
    for n in range(3):
        registration = RegistrationFactory(
            registrant=police, veiligheidshuis=houses["MST"], status=Status.RECEIVED,
            reference=f"MST-2026-0{n:04d}",
        )  # fmt: skip
        PersonFactory(registration=registration, municipality=municipalities["Maastricht"])
        record(user=demo_users["screener"], persons=(LoggedPerson(bsn="111222333"),))
    attachment = Attachment.objects.create(
        registration=registration,
        file=ContentFile(PDF, name="bijlage.pdf"),
        original_name="bijlage.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=police,
    )
    return {"attachment": attachment.file.name}


def restore(source: Path, *, database_url: str, media: Path) -> subprocess.CompletedProcess:
    env = stack.clean_env(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="zvh.config.settings.dev",
        DJANGO_MEDIA_ROOT=str(media),
    )
    return subprocess.run(  # noqa: S603
        [str(stack.BIN / "python"), "manage.py", "restore", str(source)],
        cwd=stack.REPO, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


def backup(tmp_path: Path) -> tuple[Path, dict]:
    target = tmp_path / "backup"
    call_command("backup", str(target))
    return target, json.loads((target / "manifest.json").read_text())


def check_manifest(manifest: dict) -> None:
    assert manifest["vendor"] == connection.vendor
    assert manifest["counts"]["registrations_registration"] == Registration.objects.count() == 3
    assert manifest["counts"]["access_log_accesslogentry"] == AccessLogEntry.objects.count() >= 3
    last = AccessLogEntry.objects.order_by("-sequence").first()
    assert manifest["access_log_head"] == {"sequence": last.sequence, "hash": last.hash}
    assert manifest["media"]["files"] == 1


@pytest.mark.sqlite
def test_round_trip_on_sqlite(installation, tmp_path):
    assert connection.vendor == "sqlite", "run without DATABASE_URL (the embedded SQLite)"
    source, manifest = backup(tmp_path)
    check_manifest(manifest)
    target = tmp_path / "restored.sqlite3"
    media = tmp_path / "restored-media"
    result = restore(source, database_url=f"sqlite:///{target}", media=media)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Restored and verified" in result.stdout
    assert "access log intact" in result.stdout
    with sqlite3.connect(target) as restored:
        assert restored.execute("SELECT COUNT(*) FROM registrations_registration").fetchone() == (
            3,
        )
        assert restored.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert (media / installation["attachment"]).read_bytes() == PDF


def test_a_restore_refuses_a_database_that_is_not_fresh(installation, tmp_path):
    source, _ = backup(tmp_path)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{connection.settings_dict['NAME']}"
    if connection.vendor == "postgresql":
        url = url.rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    result = restore(source, database_url=url, media=tmp_path / "m")
    assert result.returncode == 1
    assert "not empty" in result.stderr
    assert Registration.objects.count() == 3


@pytest.mark.sqlite
def test_a_backup_that_does_not_match_its_manifest_is_refused(installation, tmp_path):
    source, manifest = backup(tmp_path)
    manifest["counts"]["registrations_registration"] += 1
    (source / "manifest.json").write_text(json.dumps(manifest))
    target = tmp_path / "restored.sqlite3"
    result = restore(source, database_url=f"sqlite:///{target}", media=tmp_path / "m")
    assert result.returncode == 1
    assert "Row counts differ" in result.stderr


def test_a_damaged_database_file_is_refused(installation, tmp_path):
    source, manifest = backup(tmp_path)
    database = source / manifest["database_file"]["name"]
    database.write_bytes(database.read_bytes()[:-10] + b"0123456789")
    result = restore(
        source, database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media=tmp_path / "m"
    )
    assert result.returncode == 1
    assert "does not match the manifest" in result.stderr


@pytest.mark.postgresql
def test_round_trip_on_postgresql(installation, tmp_path):
    import psycopg

    assert connection.vendor == "postgresql", "run with DATABASE_URL pointing at PostgreSQL"
    source, manifest = backup(tmp_path)
    check_manifest(manifest)
    settings_dict = connection.settings_dict
    scratch = f"zvh_restore_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"], password=settings_dict["PASSWORD"] or None,
        dbname="postgres", autocommit=True,
    )  # fmt: skip
    admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + scratch
        result = restore(source, database_url=url, media=tmp_path / "restored-media")
        assert result.returncode == 0, result.stderr[-3000:]
        assert "access log intact" in result.stdout
        with psycopg.connect(url) as restored:
            count = restored.execute("SELECT COUNT(*) FROM registrations_registration").fetchone()
            assert count == (3,)
        assert (tmp_path / "restored-media" / installation["attachment"]).read_bytes() == PDF
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()
