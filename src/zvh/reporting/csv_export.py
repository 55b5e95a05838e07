"""The figures as CSV: one line per cell, the same cells (and the same hidden ones) as the page."""

import csv
import io
from collections.abc import Iterator

from django.utils.translation import gettext as _

from .disclosure import Disclosed

#: Cells starting with these are formulas to a spreadsheet (CSV injection); prefixed with '.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """Labels come from configuration (target group names): never let one be a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def header() -> list[str]:
    return [_("Veiligheidshuis"), _("Period"), _("Table"), _("Category"), _("Value")]


def rows(disclosed: Disclosed) -> Iterator[list[str]]:
    """One row per shown value, each naming its Veiligheidshuis, period, table and category; in
    a table of several value columns the category also names the column ("Jan 2026 - Cases
    opened", with an en dash). The CSV and XLSX exports hold these same rows."""
    for table in disclosed.all_tables:
        several = len(table.value_headings) > 1
        for line in table.lines:
            for heading, value in zip(table.value_headings, line.values, strict=True):
                category = f"{line.label} \N{EN DASH} {heading}" if several else line.label
                yield [
                    disclosed.veiligheidshuis,
                    disclosed.period.label,
                    table.caption,
                    category,
                    value,
                ]


def figures_csv(disclosed: Disclosed) -> str:
    """A header, then one line per value; with a byte order mark so that spreadsheets read
    UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for row in rows(disclosed):
        writer.writerow([_cell(text) for text in row])
    return "\ufeff" + out.getvalue()
