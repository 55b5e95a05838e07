"""The filtered log as CSV, streamed row by row (constant memory)."""

import csv
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .hashing import utc_iso
from .models import AccessLogEntry

#: Cells starting with these are formulas to a spreadsheet (CSV injection); prefixed with '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _objects(entry: AccessLogEntry) -> str:
    return "; ".join(
        f"{obj.get('type', '')}:{obj.get('id', '')}:{obj.get('ref', '')}"
        for obj in entry.objects_concerned
    )


def header() -> list[str]:
    return [
        _("Event id"),
        _("Sequence"),
        _("Time (UTC)"),
        _("Action code"),
        _("Event"),
        _("Result"),
        _("User id"),
        _("Username"),
        _("Organisation id"),
        _("Organisation"),
        _("Roles"),
        _("Purpose"),
        _("Objects"),
        _("Client address"),
        _("Hash"),
    ]


def rows(entries: QuerySet[AccessLogEntry], *, chunk_size: int = 2000) -> Iterator[str]:
    """The header, then one line per entry; times in UTC, ISO 8601 to the second."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header())  # the BOM makes spreadsheets read UTF-8
    for entry in entries.iterator(chunk_size=chunk_size):
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    entry.event_id,
                    entry.sequence,
                    utc_iso(entry.occurred_at)[:19] + "Z",
                    entry.action,
                    entry.event_type,
                    entry.outcome,
                    entry.user_id,
                    entry.username,
                    entry.organisation_id,
                    entry.organisation_name,
                    entry.roles,
                    entry.purpose,
                    _objects(entry),
                    entry.client_address,
                    entry.hash,
                )
            ]
        )
