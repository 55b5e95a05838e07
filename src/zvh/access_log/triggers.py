"""The database itself keeps the log append-only: triggers reject UPDATE (and, on PostgreSQL,
TRUNCATE) on the entries, their subjects and the retention checkpoints, DELETE of the chain head
and of checkpoints, and every DELETE of entries and subjects except a controlled retention purge.

Version 1 (migration 0002) rejected every DELETE. Version 2 (migration 0003) lets a DELETE of an
entry (or of one of its subjects) through only when **both** hold, checked by the database itself:

- the entry is older than ``FLOOR_YEARS`` (5) years by the database's own clock, so no setting,
  bug or attacker with the application's database role can shorten the log's period; and
- a retention checkpoint (``access_log_accesslogcheckpoint``) covers its sequence number, i.e. the
  purge recorded the hash of the last entry it removes *before* removing anything.

``verification.access_log_verify`` then starts from that checkpoint; a removal that is not
exactly a prefix ending at a checkpoint shows up as missing entries. See ``purge.py`` and
docs/decisions/0006-retention.md.

SQLite has no ``ALTER TABLE … DISABLE TRIGGER`` (and Python 3.11's sqlite3 cannot reach
SQLITE_DBCONFIG_ENABLE_TRIGGER), so tests that tamper on purpose drop and reinstall them.
"""

from typing import Any

ENTRY_TABLE = "access_log_accesslogentry"
SUBJECT_TABLE = "access_log_accesslogsubject"
HEAD_TABLE = "access_log_accesslogchainhead"
CHECKPOINT_TABLE = "access_log_accesslogcheckpoint"
MESSAGE = "the access log is append-only"
#: The youngest an entry may be when a purge removes it; also enforced in the database.
FLOOR_YEARS = 5
CURRENT_VERSION = 2

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION access_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % on % rejected', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$
"""

# Every SQL text here is built from the module's constants only (no input): noqa S608.
_PG_GUARD_FUNCTION = f"""
CREATE OR REPLACE FUNCTION access_log_guard_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry_sequence bigint;
    entry_time timestamptz;
BEGIN
    IF TG_TABLE_NAME = '{SUBJECT_TABLE}' THEN
        SELECT sequence, occurred_at INTO entry_sequence, entry_time
            FROM {ENTRY_TABLE} WHERE id = OLD.entry_id;
    ELSE
        entry_sequence := OLD.sequence;
        entry_time := OLD.occurred_at;
    END IF;
    IF entry_time < now() - interval '{FLOOR_YEARS} years'
       AND entry_sequence <= (SELECT coalesce(max(sequence), 0) FROM {CHECKPOINT_TABLE}) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{MESSAGE}: % on % rejected', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$
"""  # noqa: S608  # nosec B608 (constants only)


def _pg_triggers(version: int) -> list[tuple[str, str, str, str, str]]:
    """(name, table, operations, level, function)."""
    reject, guard = "access_log_reject_change", "access_log_guard_delete"
    if version == 1:
        row = [
            (f"{t.removeprefix('access_log_')}_append_only", t, "UPDATE OR DELETE", "ROW", reject)
            for t in (ENTRY_TABLE, SUBJECT_TABLE)
        ]
        truncate_tables = (ENTRY_TABLE, SUBJECT_TABLE, HEAD_TABLE)
    else:
        row = [
            (f"{t.removeprefix('access_log_')}_no_update", t, "UPDATE", "ROW", reject)
            for t in (ENTRY_TABLE, SUBJECT_TABLE)
        ] + [
            (f"{t.removeprefix('access_log_')}_guard_delete", t, "DELETE", "ROW", guard)
            for t in (ENTRY_TABLE, SUBJECT_TABLE)
        ]
        row.append(
            ("accesslogcheckpoint_append_only", CHECKPOINT_TABLE, "UPDATE OR DELETE", "ROW", reject)
        )
        truncate_tables = (ENTRY_TABLE, SUBJECT_TABLE, HEAD_TABLE, CHECKPOINT_TABLE)
    return (
        row
        + [
            (f"{t.removeprefix('access_log_')}_no_truncate", t, "TRUNCATE", "STATEMENT", reject)
            for t in truncate_tables
        ]
        + [("accesslogchainhead_no_delete", HEAD_TABLE, "DELETE", "ROW", reject)]
    )


def _sqlite_purgeable(entry: str) -> str:
    """SQLite stores times as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC, which compares as text."""
    return (
        f"{entry}.occurred_at < datetime('now', '-{FLOOR_YEARS} years') AND {entry}.sequence <= "  # noqa: S608  # nosec B608
        f"(SELECT coalesce(max(sequence), 0) FROM {CHECKPOINT_TABLE})"
    )


def _sqlite_triggers(version: int) -> list[tuple[str, str, str, str]]:
    """(name, table, operation, WHEN condition or '')."""
    if version == 1:
        return [
            (f"{t.removeprefix('access_log_')}_no_{op.lower()}", t, op, "")
            for t in (ENTRY_TABLE, SUBJECT_TABLE)
            for op in ("UPDATE", "DELETE")
        ] + [("accesslogchainhead_no_delete", HEAD_TABLE, "DELETE", "")]
    return [
        (f"{t.removeprefix('access_log_')}_no_update", t, "UPDATE", "")
        for t in (ENTRY_TABLE, SUBJECT_TABLE, CHECKPOINT_TABLE)
    ] + [
        ("accesslogentry_guard_delete", ENTRY_TABLE, "DELETE", f"NOT ({_sqlite_purgeable('OLD')})"),
        (
            "accesslogsubject_guard_delete",
            SUBJECT_TABLE,
            "DELETE",
            f"NOT EXISTS (SELECT 1 FROM {ENTRY_TABLE} AS e WHERE e.id = OLD.entry_id AND "  # noqa: S608  # nosec B608
            f"{_sqlite_purgeable('e')})",
        ),
        ("accesslogcheckpoint_no_delete", CHECKPOINT_TABLE, "DELETE", ""),
        ("accesslogchainhead_no_delete", HEAD_TABLE, "DELETE", ""),
    ]


def install_sql(vendor: str, *, version: int = CURRENT_VERSION) -> list[str]:
    if vendor == "postgresql":
        functions = [_PG_FUNCTION] + ([_PG_GUARD_FUNCTION] if version >= 2 else [])
        return functions + [
            f"CREATE TRIGGER {name} BEFORE {ops} ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION {function}()"
            for name, table, ops, level, function in _pg_triggers(version)
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
            + (f"WHEN {when} " if when else "")
            + f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for name, table, op, when in _sqlite_triggers(version)
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor}.")


def drop_sql(vendor: str) -> list[str]:
    """Drops the triggers of every version (names differ between versions)."""
    if vendor == "postgresql":
        triggers = {(name, table) for v in (1, 2) for name, table, *_ in _pg_triggers(v)}
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in sorted(triggers)]
    if vendor == "sqlite":
        names = {name for v in (1, 2) for name, *_ in _sqlite_triggers(v)}
        return [f"DROP TRIGGER IF EXISTS {name}" for name in sorted(names)]
    raise NotImplementedError(f"No append-only triggers for {vendor}.")


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in install_sql(connection.vendor):
            cursor.execute(statement)


def drop(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in drop_sql(connection.vendor):
            cursor.execute(statement)


def trigger_names() -> dict[str, list[str]]:
    """The current triggers per database (for the tests that check they are in place)."""
    return {
        "postgresql": [name for name, *_ in _pg_triggers(CURRENT_VERSION)],
        "sqlite": [name for name, *_ in _sqlite_triggers(CURRENT_VERSION)],
    }
