"""Template tags of the meldpunt's pages.

``deadline_label`` renders what ``triage/_deadline.html`` renders, in Python: the queue shows it
for every row and both overviews, and one include per row was a large part of the page's time.
Same markup, same messages (the msgids are those of the template).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from ..selectors import DeadlineState

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
