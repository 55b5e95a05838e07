"""Template tags of the meldpunt's pages.

``deadline_label`` renders what ``triage/_deadline.html`` renders, in Python: the queue shows it
for every row and both overviews, and one include per row was a large part of the page's time.
Same markup, same messages (the msgids are those of the template).
"""

import datetime as dt
import functools
import uuid

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import get_language, gettext, ngettext

from zvh.registrations.status import Status

from ..selectors import DeadlineState, QueueRow

register = template.Library()


@register.simple_tag
def deadline_label(d: DeadlineState) -> SafeString:
    """How the registration stands against its deadline, as a short marked-up label."""
    if d.decided:
        if d.late:
            return format_html(
                '<strong class="deadline deadline-late">{}</strong>', gettext("Decided late")
            )
        return format_html(
            '<span class="deadline deadline-ok">{}</span>', gettext("Decided on time")
        )
    if d.deadline_at is None:
        return format_html('<span class="deadline">{}</span>', gettext("No deadline"))
    if d.paused:
        return format_html(
            '<span class="deadline deadline-paused">{}</span>',
            gettext("Clock stopped: waiting for information"),
        )
    if d.overdue:
        days = d.days_overdue
        text = ngettext("Overdue by %(days)s day", "Overdue by %(days)s days", days)
        return format_html(
            '<strong class="deadline deadline-overdue">{}</strong>', text % {"days": days}
        )
    if d.days_left == 0:
        return format_html(
            '<strong class="deadline deadline-soon">{}</strong>', gettext("Due today")
        )
    days = d.days_left
    text = ngettext("%(days)s day left", "%(days)s days left", days)
    css = "deadline deadline-soon" if d.due_soon else "deadline"
    return format_html('<span class="{}">{}</span>', css, text % {"days": days})


# --- queue rows ---------------------------------------------------------------------------------
# The queue page shows up to 25 rows plus both overviews on every request; rendered here in
# Python, with the markup and msgids the template had, they cost a fraction of the template's
# variable lookups and filters.


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date, fmt: str, language: str | None) -> str:
    """A day as the ``date`` filter writes it (per language: month names differ)."""
    return formats.date_format(day, fmt)


def _time(value: dt.datetime, fmt: str) -> SafeString:
    """``<time datetime="…">`` with the local time in ISO 8601, as ``|date:'c'`` writes it."""
    local = localtime(value)
    label = (
        _day(local.date(), fmt, get_language())
        if fmt == "j F Y"
        else formats.date_format(local, fmt)
    )
    return format_html('<time datetime="{}">{}</time>', local.isoformat(), label)


def _detail_url(registration) -> str:
    return _url_prefix("triage:detail", get_script_prefix()) + f"{registration.public_id}/"


@functools.lru_cache(maxsize=64)
def _url_prefix(name: str, script_prefix: str) -> str:
    """The URL of ``name`` for a registration, without the id: one ``reverse`` per process
    instead of one per row (the pattern is ``<prefix><public_id>/``, asserted below)."""
    probe = uuid.UUID(int=0)
    url = reverse(name, args=[probe])
    if not url.endswith(f"{probe}/"):
        raise ValueError(f"{name} does not end with the registration's id")
    return url.removesuffix(f"{probe}/")


def _deadline_cell(d: DeadlineState) -> SafeString:
    if d.deadline_at is None:
        return deadline_label(d)
    return format_html("{}<br>{}", _time(d.deadline_at, "j F Y"), deadline_label(d))


#: What an empty cell shows (an en dash, as the templates write it).
EMPTY = "\N{EN DASH}"


def _row_class(d: DeadlineState) -> str:
    return "row-overdue" if d.overdue else "row-soon" if d.due_soon else ""


@register.simple_tag
def queue_row(row: QueueRow) -> SafeString:
    """One row of the open registrations' table."""
    registration, person = row.registration, row.main_person
    name = ""
    if person is not None:
        name = person.full_name
        if row.others:
            name += " " + ngettext("(+%(n)s other)", "(+%(n)s others)", row.others) % {
                "n": row.others
            }
    municipality = (person.municipality if person is not None else None) or EMPTY
    return format_html(
        '<tr class="{}"><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        _row_class(row.deadline),
        _detail_url(registration),
        registration.reference,
        name,
        municipality,
        registration.target_group or EMPTY,
        registration.registrant_organisation,
        Status(registration.status).label,
        _deadline_cell(row.deadline),
    )


@register.simple_tag
def draft_row(row: QueueRow) -> SafeString:
    """One row of the drafts to complete (phone calls and e-mails)."""
    registration, person = row.registration, row.main_person
    return format_html(
        '<tr class="{}"><th scope="row"><a href="{}">{}</a></th>'
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
        _row_class(row.deadline),
        reverse("triage:draft", args=[registration.public_id]),
        _time(registration.received_at, "j F Y, H:i"),
        registration.get_channel_display(),
        registration.registrant_organisation,
        (person.full_name if person is not None else "") or EMPTY,
        _deadline_cell(row.deadline),
    )


@register.simple_tag
def overview_item(row: QueueRow) -> SafeString:
    """One registration in the "overdue" or "due soon" overview: reference and deadline."""
    return format_html(
        '<li><a href="{}">{}</a> \N{EN DASH} {}</li>',
        _detail_url(row.registration),
        row.registration.reference,
        deadline_label(row.deadline),
    )
