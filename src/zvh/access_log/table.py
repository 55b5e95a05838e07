"""The privacy officer's log table: which columns of an entry it reads, and its cells as the
template's filters wrote them (``|date``, ``get_FOO_display``, ``|join``), computed once a page.
Rendered by ``templatetags.access_log_tags.log_row``."""

from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.timezone import localtime

from .enums import EventType, Outcome, Purpose
from .models import AccessLogEntry

#: What the log's table shows of an entry (``LogRow``); the hashes, ids and event id stay unread.
LOG_COLUMNS = (
    "occurred_at",
    "username",
    "organisation_name",
    "roles",
    "event_type",
    "action",
    "purpose",
    "objects_concerned",
    "outcome",
    "client_address",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LogRow:
    """An entry as the log's table shows it: every cell as the template's filters wrote it
    (``|date``, ``get_FOO_display``, ``|join:", "``), computed here with the choice labels looked
    up once a page: 50 rows of template lookups and filters were most of the page's time."""

    entry: AccessLogEntry
    occurred_iso: str  # |date:"c" of the local time
    occurred: str  # |date:"d-m-Y H:i:s" of the local time
    roles: str
    event_type: str
    purpose: str
    objects: str
    outcome: str


def _labels(choices: type[TextChoices]) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def log_rows(entries: Any) -> list[LogRow]:
    """The table rows of a page of entries, in the active language and time zone (a value no
    longer among the choices shows as itself, like ``get_FOO_display``)."""
    events, purposes, outcomes = _labels(EventType), _labels(Purpose), _labels(Outcome)
    rows = []
    for entry in entries:
        at = localtime(entry.occurred_at)
        rows.append(
            LogRow(
                entry=entry,
                occurred_iso=at.isoformat(),
                occurred=f"{at.day:02d}-{at.month:02d}-{at.year:04d} "
                f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}",
                roles=", ".join(entry.role_labels),
                event_type=events.get(entry.event_type, entry.event_type),
                purpose=purposes.get(entry.purpose, entry.purpose),
                objects=", ".join(entry.object_labels),
                outcome=outcomes.get(entry.outcome, entry.outcome),
            )
        )
    return rows
