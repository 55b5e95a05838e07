"""Backup and restore of one installation: the database, the attachment files and a manifest.

Rules:
- A backup is a directory: ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or
  ``database.sqlite3`` (SQLite, the online backup API: consistent while zvh runs), ``media/`` (the
  stored files: attachments, intake mails) and ``manifest.json``: the row count of every table,
  the access log's chain head (sequence and hash), the applied migrations, and a SHA-256 of the
  database file.
- The counts and the chain head are those of the very snapshot that was dumped (PostgreSQL: the
  dump runs on a snapshot exported by the transaction that counts; SQLite: counted in the copy).
- A restore goes into a fresh database only (no tables yet) and is then verified: every count
  and the chain head must equal the manifest's and the access log's hash chain must be intact
  (``access_log_verify``); otherwise the restore is reported as failed.
- Files written after the database snapshot may be in ``media/`` without a row; none that a row
  of the snapshot needs is missing (the files are copied after the snapshot, and zvh never
  deletes a stored file before the row that points at it).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 (pg_dump and pg_restore, with argument lists)
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import structlog
from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from zvh.access_log.models import AccessLogChainHead
from zvh.access_log.verification import access_log_verify

log = structlog.get_logger(__name__)

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore that cannot be done or did not verify; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    access_log_entries: int


def _tables() -> list[str]:
    """Every table of zvh and its libraries (managed, concrete models and m2m tables)."""
    names: set[str] = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            names.add(model._meta.db_table)
    return sorted(names)


def _count(cursor: Any, quote: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from the models' metadata, quoted by the backend; never from input.
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def _head(cursor: Any) -> dict[str, Any]:
    table = AccessLogChainHead._meta.db_table
    cursor.execute(f"SELECT sequence, hash FROM {table} WHERE id = 1")  # noqa: S608  # nosec B608
    row = cursor.fetchone()
    return {"sequence": int(row[0]), "hash": row[1]} if row else {"sequence": 0, "hash": None}


def _migrations(cursor: Any) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return latest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603  # nosec B603 (fixed programs, no shell)
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _copy_media(source: Path, target: Path) -> dict[str, int]:
    files = size = 0
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)
        for path in target.rglob("*"):
            if path.is_file():
                files += 1
                size += path.stat().st_size
    else:
        target.mkdir(parents=True, exist_ok=True)
    return {"files": files, "bytes": size}


def backup_create(*, destination: Path, now: datetime, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup of database ``using`` and MEDIA_ROOT into ``destination`` (new or empty);
    returns the manifest."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty.")
    destination.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    tables = _tables()
    manifest: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "created_at": now.isoformat(),
        "vendor": connection.vendor,
    }
    if connection.vendor == "postgresql":
        database = destination / "database.dump"
        args, env = _pg_args(connection.settings_dict)
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(
                ["pg_dump", "--format=custom", f"--snapshot={snapshot}",
                 "--file", str(database), *args],
                env,
            )  # fmt: skip
            manifest["counts"] = _count(cursor, connection.ops.quote_name, tables)
            manifest["access_log_head"] = _head(cursor)
            manifest["migrations"] = _migrations(cursor)
    elif connection.vendor == "sqlite":
        database = destination / "database.sqlite3"
        connection.close()
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        copy = sqlite3.connect(database)
        try:
            source.backup(copy)
            copied = copy.cursor()
            manifest["counts"] = _count(copied, connection.ops.quote_name, tables)
            manifest["access_log_head"] = _head(copied)
            manifest["migrations"] = _migrations(copied)
        finally:
            copy.close()
            source.close()
    else:
        raise BackupError(f"No backup for {connection.vendor}.")
    manifest["database_file"] = {"name": database.name, "sha256": _sha256(database)}
    manifest["media"] = _copy_media(Path(settings.MEDIA_ROOT), destination / "media")
    (destination / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    log.info(
        "backup_created",
        vendor=connection.vendor,
        rows=sum(manifest["counts"].values()),
        access_log_sequence=manifest["access_log_head"]["sequence"],
    )
    return manifest


def manifest_read(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"No readable {MANIFEST} in {source}.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    database = source / manifest["database_file"]["name"]
    if not database.is_file() or _sha256(database) != manifest["database_file"]["sha256"]:
        raise BackupError(f"{database.name} is missing or does not match the manifest.")
    return manifest


def backup_restore(*, source: Path, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Restore the backup in ``source`` into database ``using`` (which must have no tables)
    and MEDIA_ROOT, then verify it against the manifest."""
    manifest = manifest_read(source)
    connection = connections[using]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of {manifest['vendor']}; this database is {connection.vendor}."
        )
    if connection.introspection.table_names():
        raise BackupError("The database is not empty: restore into a fresh database only.")
    database = source / manifest["database_file"]["name"]
    if connection.vendor == "postgresql":
        args, env = _pg_args(connection.settings_dict)
        connection.close()
        _run(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             "--single-transaction", *args, str(database)],
            env,
        )  # fmt: skip
    else:
        connection.close()
        backup = sqlite3.connect(database)
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            backup.backup(target)
        finally:
            target.close()
            backup.close()
    _copy_media(source / "media", Path(settings.MEDIA_ROOT))
    return restore_verify(manifest=manifest, using=using)


def restore_verify(*, manifest: dict, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """The restored database against the manifest: every count, the chain head, the chain."""
    connection = connections[using]
    with connection.cursor() as cursor:
        counts = _count(cursor, connection.ops.quote_name, sorted(manifest["counts"]))
        head = _head(cursor)
    differ = {t: (n, counts[t]) for t, n in manifest["counts"].items() if counts[t] != n}
    if differ:
        raise BackupError(f"Row counts differ from the manifest (expected, found): {differ}")
    if head != manifest["access_log_head"]:
        raise BackupError(
            f"The access log's chain head differs: {head} instead of {manifest['access_log_head']}"
        )
    report = access_log_verify()
    if not report.intact:
        raise BackupError(f"The restored access log is broken at {report.broken}.")
    log.info("backup_restored", rows=sum(counts.values()), access_log_entries=report.checked)
    return RestoreReport(
        tables=len(counts), rows=sum(counts.values()), access_log_entries=report.checked
    )
