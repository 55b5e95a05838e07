"""The figures as an Excel workbook (XLSX, written with openpyxl): one sheet with the same rows as
the CSV export, so both hide the same cells.

Rules:
- Every text is stored as text, never as a formula (a value starting with ``=`` stays the
  characters it is), so no spreadsheet-formula injection is possible; characters XML does not
  allow are dropped.
- A value (the last column) that is a plain whole number is stored as a number so that a
  spreadsheet can add it up; "<5", averages with a decimal comma and dashes stay text.
- The header row is bold and frozen; the columns have a readable width.
"""

import io
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .csv_export import header, rows
from .disclosure import Disclosed

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WHOLE = re.compile(r"^(0|[1-9][0-9]{0,14})$")
_WIDTHS = (34, 18, 48, 48, 14)
_BOLD = Font(bold=True)


def _put(sheet: Worksheet, row: int, column: int, value: str, *, number: bool, bold: bool) -> None:
    cell = sheet.cell(row=row, column=column)
    if number and _WHOLE.match(value):
        cell.value = int(value)
    else:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"  # text, even where it starts with "="
    if bold:
        cell.font = _BOLD


def _fill(sheet: Worksheet, lines: Sequence[Sequence[str]]) -> None:
    for r, line in enumerate(lines, start=1):
        for c, value in enumerate(line, start=1):
            _put(sheet, r, c, value, number=r > 1 and c == len(line), bold=r == 1)


def figures_xlsx(disclosed: Disclosed) -> bytes:
    """The workbook: a bold, frozen header row, then one row per shown value."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    _fill(sheet, [header(), *rows(disclosed)])
    sheet.freeze_panes = "A2"
    for i, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
