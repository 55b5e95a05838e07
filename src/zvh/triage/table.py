"""The meldpunt's tables (the open registrations, the drafts to complete, the two overviews):
each row's cells worked out once in Python, rendered by ``triage/queue.html``, whose row loops
write the deadline's day and label inline (no include per row); the detail page's label by
``triage/_deadline_label.html`` (issue 15: the header and the cells in one template).

A cell is plain text (escaped by the template), a URL or a CSS class; an empty cell shows an en
dash, as the templates always wrote it. Dates are formatted as the ``date`` filter writes them,
in the active language and time zone.
"""

import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, ngettext

from zvh.common.cells import Cells
from zvh.registrations.status import OPEN_STATUSES, Status

from .selectors import DeadlineState, QueueRow

#: What an empty cell shows (an en dash, as the templates write it).
EMPTY = "\N{EN DASH}"
#: Days as the queue's compact rows show them ("2 dec 2026"), and the day-only formats whose
#: text is cached per day and language.
SHORT_DAY = "j b Y"
DAY_FORMATS = frozenset({"j F Y", SHORT_DAY})


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineLabel(Cells):
    """How a registration stands against its deadline: a short text, strong when it needs
    attention (``element``), with the classes the style sheet colours it by."""

    element: str  # "strong" or "span"
    css: str
    text: str


def deadline_label(d: DeadlineState) -> DeadlineLabel:
    """Decided (on time or late), no deadline, clock stopped, overdue, due today, or the days
    left (due soon within two working days)."""
    if d.decided:
        if d.late:
            return DeadlineLabel(
                element="strong", css="deadline deadline-late", text=gettext("Decided late")
            )
        return DeadlineLabel(
            element="span", css="deadline deadline-ok", text=gettext("Decided on time")
        )
    if d.deadline_at is None:
        return DeadlineLabel(element="span", css="deadline", text=gettext("No deadline"))
    if d.paused:
        return DeadlineLabel(
            element="span",
            css="deadline deadline-paused",
            text=gettext("Clock stopped: waiting for information"),
        )
    if d.overdue:
        days = d.days_overdue
        text = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days)
        return DeadlineLabel(
            element="strong", css="deadline deadline-overdue", text=text % {"days": days}
        )
    if d.days_left == 0:
        return DeadlineLabel(
            element="strong", css="deadline deadline-soon", text=gettext("Due today")
        )
    days = d.days_left
    text = ngettext("%(days)s day left", "%(days)s days left", days)
    css = "deadline deadline-soon" if d.due_soon else "deadline"
    return DeadlineLabel(element="span", css=css, text=text % {"days": days})


@dataclass(frozen=True, slots=True, kw_only=True)
class Moment(Cells):
    """A ``<time>``: ``iso`` its machine-readable local time (``|date:'c'``), ``text`` as shown."""

    iso: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineCell(Cells):
    """The deadline's day (``None`` without a deadline) above its label."""

    day: Moment | None
    label: DeadlineLabel


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueCells(Cells):
    """One registration in the queue's table. ``urgent`` shows the "Urgent" tag (text, not
    colour only); ``assign_href`` is where "assign to me" posts (empty when the registration is
    already the user's or no longer open)."""

    css: str
    href: str
    reference: str
    urgent: bool
    person: str
    municipality: str
    target_group: str
    registrant_organisation: str
    status: str
    received: Moment | None
    deadline: DeadlineCell
    assignee: str
    assign_href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftCells(Cells):
    """One draft the meldpunt completes (a phone call or an e-mail)."""

    css: str
    href: str
    received: Moment
    channel: str
    registrant_organisation: str
    person: str
    deadline: DeadlineCell


@dataclass(frozen=True, slots=True, kw_only=True)
class OverviewItem(Cells):
    """One registration in the "overdue" or "due soon" overview: reference and label."""

    href: str
    reference: str
    label: DeadlineLabel


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date, fmt: str, language: str | None) -> str:
    """A day as the ``date`` filter writes it (per language: month names differ)."""
    return formats.date_format(day, fmt)


def _moment(value: dt.datetime, fmt: str) -> Moment:
    local = localtime(value)
    text = (
        _day(local.date(), fmt, get_language())
        if fmt in DAY_FORMATS
        else formats.date_format(local, fmt)
    )
    return Moment(iso=local.isoformat(), text=text)


@functools.lru_cache(maxsize=64)
def _url_parts(name: str, script_prefix: str) -> tuple[str, str]:
    """The URL of ``name`` for a registration around its id: one ``reverse`` per process
    instead of one per row (the pattern is ``<before><public_id><after>``, checked here)."""
    probe = str(uuid.UUID(int=0))
    url = reverse(name, args=[probe])
    if url.count(probe) != 1:
        raise ValueError(f"{name} does not hold the registration's id once")
    before, after = url.split(probe)
    return before, after


def _url(name: str, public_id: uuid.UUID) -> str:
    before, after = _url_parts(name, get_script_prefix())
    return f"{before}{public_id}{after}"


def _row_css(d: DeadlineState) -> str:
    return "row-overdue" if d.overdue else "row-soon" if d.due_soon else ""


def _deadline_cell(d: DeadlineState, fmt: str = "j F Y") -> DeadlineCell:
    day = _moment(d.deadline_at, fmt) if d.deadline_at is not None else None
    return DeadlineCell(day=day, label=deadline_label(d))


def _person(row: QueueRow) -> str:
    person = row.main_person
    if person is None:
        return ""
    if not row.others:
        return person.full_name
    others = ngettext("(+%(n)s other)", "(+%(n)s others)", row.others) % {"n": row.others}
    return f"{person.full_name} {others}"


def _assignee(row: QueueRow) -> str:
    user = row.assignee
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def queue_cells(rows: Iterable[QueueRow], *, user_id: int | None) -> list[QueueCells]:
    """The queue's rows, for the user ``user_id`` (whose own assignments need no button)."""
    cells = []
    for row in rows:
        registration, person = row.registration, row.main_person
        assignee = row.assignee
        assignable = registration.status in OPEN_STATUSES and (
            assignee is None or assignee.pk != user_id
        )
        cells.append(
            QueueCells(
                css=_row_css(row.deadline),
                href=_url("triage:detail", registration.public_id),
                reference=registration.reference,
                urgent=row.urgent,
                person=_person(row),
                municipality=str((person.municipality if person else None) or EMPTY),
                target_group=str(registration.target_group or EMPTY),
                registrant_organisation=str(registration.registrant_organisation),
                status=str(Status(registration.status).label),
                received=(
                    _moment(registration.received_at, SHORT_DAY)
                    if registration.received_at
                    else None
                ),
                deadline=_deadline_cell(row.deadline, SHORT_DAY),
                assignee=_assignee(row) or ("" if assignable else EMPTY),
                assign_href=_url("triage:assign", registration.public_id) if assignable else "",
            )
        )
    return cells


@dataclass(frozen=True, slots=True, kw_only=True)
class SortHeader(Cells):
    """A sortable column's header: the link that sorts by it (ascending first, or the other
    way when it is the current order) and its ``aria-sort`` ("" when not sorted by it)."""

    href: str
    aria_sort: str


#: The sortable columns: the column → its ``sort`` name for the first click. Urgency starts
#: with urgent first (the default order), the others with the earliest / lowest first.
SORTABLE: dict[str, str] = {
    "urgency": "urgency",
    "reference": "reference",
    "status": "status",
    "received": "received",
    "deadline": "deadline",
}


def sort_headers(query: QueryDict, *, current: str) -> dict[str, SortHeader]:
    """The headers of the sortable columns, keeping the other filters of ``query`` (the page
    number is dropped: a new order starts at page one)."""
    headers = {}
    for column, first in SORTABLE.items():
        reverse_sort = first[1:] if first.startswith("-") else f"-{first}"
        if current == first:
            following, aria = reverse_sort, "descending" if column == "urgency" else "ascending"
        elif current == reverse_sort:
            following, aria = first, "ascending" if column == "urgency" else "descending"
        else:
            following, aria = first, ""
        params = query.copy()
        params.pop("page", None)
        params["sort"] = following
        headers[column] = SortHeader(href=f"?{params.urlencode()}", aria_sort=aria)
    return headers


def draft_cells(rows: Iterable[QueueRow]) -> list[DraftCells]:
    """The drafts to complete."""
    return [
        DraftCells(
            css=_row_css(row.deadline),
            href=reverse("triage:draft", args=[row.registration.public_id]),
            received=_moment(row.registration.received_at, "j F Y, H:i"),
            channel=str(row.registration.get_channel_display()),
            registrant_organisation=str(row.registration.registrant_organisation),
            person=(row.main_person.full_name if row.main_person else "") or EMPTY,
            deadline=_deadline_cell(row.deadline),
        )
        for row in rows
    ]


def overview_items(rows: Iterable[QueueRow]) -> list[OverviewItem]:
    """The registrations of an overview ("overdue", "due soon")."""
    return [
        OverviewItem(
            href=_url("triage:detail", row.registration.public_id),
            reference=row.registration.reference,
            label=deadline_label(row.deadline),
        )
        for row in rows
    ]
