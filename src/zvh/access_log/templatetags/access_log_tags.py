"""Template tags of the privacy officer's pages.

``log_row`` renders one row of the log's table in Python, with the markup the template had:
50 rows of template lookups and filters were most of the page's rendering time (issue 7).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..table import LogRow

register = template.Library()

#: What an empty cell shows (an em dash, as the template wrote it).
EMPTY = "\N{EM DASH}"


@register.simple_tag
def log_row(row: LogRow) -> SafeString:
    """One entry of the log (indented as in ``log.html``)."""
    entry = row.entry
    return format_html(
        '\n        <tr class="outcome-{}">'
        '\n          <td><time datetime="{}">{}</time></td>'
        "\n          <td>{}</td>"
        "\n          <td>{}</td>"
        "\n          <td>{}</td>"
        "\n          <td>{} ({})</td>"
        "\n          <td>{}</td>"
        "\n          <td>{}</td>"
        "\n          <td>{}</td>"
        "\n          <td>{}</td>"
        "\n        </tr>\n      ",
        entry.outcome,
        row.occurred_iso,
        row.occurred,
        entry.username or EMPTY,
        entry.organisation_name or EMPTY,
        row.roles or EMPTY,
        row.event_type,
        entry.action,
        row.purpose,
        row.objects or EMPTY,
        row.outcome,
        entry.client_address or EMPTY,
    )
