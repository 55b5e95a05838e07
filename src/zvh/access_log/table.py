"""The privacy officer's log table: which columns of an entry it reads, and its cells as the
template's filters wrote them (``|date``, ``get_FOO_display``, ``|join``, ``|default``),
computed once a page. Rendered by ``access_log/log.html`` (the header and the cells in one
template, issue 15)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import TextChoices
from django.utils.timezone import localtime

from zvh.common.cells import Cells

from .enums import EventType, Outcome, Purpose

#: What an empty cell shows (an em dash, as the template wrote it).
EMPTY = "\N{EM DASH}"

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
class LogRow(Cells):
    """An entry as the log's table shows it: every cell as the template's filters wrote it
    (``|date``, ``get_FOO_display``, ``|join:", "``, ``|default:"—"``), computed here with the
    choice labels looked up once a page: 50 rows of template lookups and filters were most of
    the page's time. ``outcome_code`` is the row's class (``outcome-<code>``)."""

    occurred_iso: str  # |date:"c" of the local time
    occurred: str  # |date:"d-m-Y H:i:s" of the local time
    username: str
    organisation: str
    roles: str
    event_type: str
    action: str
    purpose: str
    objects: str
    outcome_code: str
    outcome: str
    client_address: str


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
                occurred_iso=at.isoformat(),
                occurred=f"{at.day:02d}-{at.month:02d}-{at.year:04d} "
                f"{at.hour:02d}:{at.minute:02d}:{at.second:02d}",
                username=entry.username or EMPTY,
                organisation=entry.organisation_name or EMPTY,
                roles=", ".join(entry.role_labels) or EMPTY,
                event_type=events.get(entry.event_type, entry.event_type),
                action=entry.action,
                purpose=purposes.get(entry.purpose, entry.purpose),
                objects=", ".join(entry.object_labels) or EMPTY,
                outcome_code=entry.outcome,
                outcome=outcomes.get(entry.outcome, entry.outcome),
                client_address=entry.client_address or EMPTY,
            )
        )
    return rows
