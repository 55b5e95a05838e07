"""The database itself keeps the log append-only: triggers reject UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE) on the entries and their subjects, and DELETE of the chain head.

Installed by migration 0002; tests drop and reinstall them to tamper on purpose. SQLite has no
``ALTER TABLE … DISABLE TRIGGER`` (and Python 3.11's sqlite3 cannot reach
SQLITE_DBCONFIG_ENABLE_TRIGGER), so getting past them means dropping them, on both databases.

Retention (issue 5 item 11) will need a controlled way to delete entries older than the log's
period; it is deliberately not here. See docs/decisions/0003-access-log.md.
"""

from typing import Any

ENTRY_TABLE = "access_log_accesslogentry"
SUBJECT_TABLE = "access_log_accesslogsubject"
HEAD_TABLE = "access_log_accesslogchainhead"
MESSAGE = "the access log is append-only"

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION access_log_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % on % rejected', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END;
$$
"""

# (trigger name, table, what it rejects) per database.
_PG_TRIGGERS = (
    [
        (f"{table.removeprefix('access_log_')}_append_only", table, "UPDATE OR DELETE", "ROW")
        for table in (ENTRY_TABLE, SUBJECT_TABLE)
    ]
    + [
        (f"{table.removeprefix('access_log_')}_no_truncate", table, "TRUNCATE", "STATEMENT")
        for table in (ENTRY_TABLE, SUBJECT_TABLE, HEAD_TABLE)
    ]
    + [("accesslogchainhead_no_delete", HEAD_TABLE, "DELETE", "ROW")]
)

_SQLITE_TRIGGERS = [
    (f"{table.removeprefix('access_log_')}_no_{op.lower()}", table, op)
    for table in (ENTRY_TABLE, SUBJECT_TABLE)
    for op in ("UPDATE", "DELETE")
] + [("accesslogchainhead_no_delete", HEAD_TABLE, "DELETE")]


def install_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [_PG_FUNCTION] + [
            f"CREATE TRIGGER {name} BEFORE {ops} ON {table} "
            f"FOR EACH {level} EXECUTE FUNCTION access_log_reject_change()"
            for name, table, ops, level in _PG_TRIGGERS
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for name, table, op in _SQLITE_TRIGGERS
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor}.")


def drop_sql(vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table, *_ in _PG_TRIGGERS]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name, *_ in _SQLITE_TRIGGERS]
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
    """The triggers per database (for the tests that check they are in place)."""
    return {
        "postgresql": [name for name, *_ in _PG_TRIGGERS],
        "sqlite": [name for name, *_ in _SQLITE_TRIGGERS],
    }
