"""Writing many rows fast: COPY on PostgreSQL (psycopg 3's ``cursor.copy()``), executemany on
SQLite. On PostgreSQL the big tables' secondary indexes and constraints are dropped for the
load and rebuilt afterwards (one sort per index instead of ten million random inserts); all of
it inside the caller's transaction, so a failed load leaves nothing behind."""

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model


def columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in fields]


class RowSink:
    """Buffers rows per table and writes them in batches, parents before children (the order in
    which tables were first given rows)."""

    def __init__(self, *, batch_rows: int = 50_000) -> None:
        self.vendor = connection.vendor
        self.batch_rows = batch_rows
        self._tables: dict[str, list[str]] = {}
        self._buffers: dict[str, list[tuple]] = {}
        self.written: dict[str, int] = {}

    def table(self, model: type[Model], fields: Sequence[str]) -> str:
        name = model._meta.db_table
        self._tables[name] = columns(model, fields)
        self._buffers[name] = []
        self.written[name] = 0
        return name

    def add(self, table: str, row: tuple) -> None:
        buffer = self._buffers[table]
        buffer.append(row)
        if len(buffer) >= self.batch_rows:
            self.flush()

    def flush(self) -> None:
        for table, rows in self._buffers.items():
            if rows:
                self._write(table, rows)
                self.written[table] += len(rows)
                rows.clear()

    def _write(self, table: str, rows: list[tuple]) -> None:
        cols = self._tables[table]
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(cols))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})",  # noqa: S608  # nosec B608 (names are constants)
                    [tuple(_sqlite(v) for v in row) for row in rows],
                )


def _sqlite(value: Any) -> Any:
    """Values as Django stores them on SQLite."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    if isinstance(value, list | dict):
        return json.dumps(value)
    return value


class DeferredIndexes:
    """PostgreSQL only: drop the secondary indexes, unique and foreign-key constraints of
    ``tables`` now, recreate them on ``restore()`` (the caller vacuums and analyses them after
    the commit). Primary keys stay."""

    def __init__(self, tables: Iterable[str]) -> None:
        self.tables = list(tables)
        self.constraints: list[tuple[str, str, str]] = []
        self.indexes: list[str] = []

    def drop(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            # deferred checks of rows written so far must fire before their triggers can go
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in self.tables:
                cursor.execute(
                    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
                    [table],
                )
                for name, definition in cursor.fetchall():
                    self.constraints.append((table, name, definition))
                    cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                    "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    "WHERE c.conname = i.indexname AND c.conrelid = %s::regclass)",
                    [table, table],
                )
                for name, definition in cursor.fetchall():
                    self.indexes.append(definition)
                    cursor.execute(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for definition in self.indexes:
                cursor.execute(definition)
            # unique constraints first: the foreign keys of other tables may need them
            for table, name, definition in sorted(
                self.constraints, key=lambda c: not c[2].startswith("UNIQUE")
            ):
                cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def sequences_reset(models: Iterable[type[Model]]) -> None:
    """Let the database's id sequences continue after the explicit ids we wrote."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
