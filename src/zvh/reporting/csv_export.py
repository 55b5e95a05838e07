"""The figures as CSV: one line per cell, the same cells (and the same hidden ones) as the page."""

import csv
import io

from django.utils.translation import gettext as _

from .disclosure import Disclosed

#: Cells starting with these are formulas to a spreadsheet (CSV injection); prefixed with '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Labels come from configuration (target group names): never let one be a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def header() -> list[str]:
    return [_("Veiligheidshuis"), _("Period"), _("Table"), _("Category"), _("Value")]


def figures_csv(disclosed: Disclosed) -> str:
    """A header, then one line per value, each naming its Veiligheidshuis, period and table; with
    a byte order mark so that spreadsheets read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for table in disclosed.tables:
        for line in table.lines:
            writer.writerow(
                [
                    _cell(disclosed.veiligheidshuis),
                    disclosed.period.label,
                    table.caption,
                    _cell(line.label),
                    line.value,
                ]
            )
    return "\ufeff" + out.getvalue()
