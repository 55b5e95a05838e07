"""The figures as an Excel workbook (XLSX, Office Open XML): one sheet with the same rows as the
CSV export, so both hide the same cells.

openpyxl is not installed in this project's environment yet; until it is, the workbook is
written here with the standard library (a zip of five small XML parts, the minimum SpreadsheetML
needs). Rules:
- Every text is an inline string (never a formula, so no CSV-style injection is possible);
  a value (the last column) that is a plain whole number is stored as a number so that a
  spreadsheet can add it up; "<5", averages with a decimal comma and dashes stay text.
- The header row is bold and frozen; the columns have a readable width.
"""

import io
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .csv_export import header, rows
from .disclosure import Disclosed

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_WHOLE = re.compile(r"^(0|[1-9][0-9]{0,14})$")
#: Characters XML 1.0 does not allow (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WIDTHS = (34, 18, 48, 48, 14)

_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = (
    f"{_XML}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OFFICE}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    f'{_XML}<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_REL_TYPE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_REL_TYPE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL_TYPE}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    "</styleSheet>"
)


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value))


def _row(number: int, values: Sequence[str], *, bold: bool = False) -> str:
    style = ' s="1"' if bold else ""
    cells = []
    for i, value in enumerate(values):
        ref = f"{_column(i)}{number}"
        if not bold and i == len(values) - 1 and _WHOLE.match(value):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(
                f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">'
                f"{_text(value)}</t></is></c>"
            )
    return f'<row r="{number}">{"".join(cells)}</row>'


def _sheet(lines: list[list[str]]) -> str:
    columns = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(_WIDTHS)
    )
    body = "".join(_row(n + 1, line, bold=n == 0) for n, line in enumerate(lines))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f"<cols>{columns}</cols><sheetData>{body}</sheetData></worksheet>"
    )


def _workbook(sheet_name: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{_text(sheet_name[:31])}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def figures_xlsx(disclosed: Disclosed) -> bytes:
    """The workbook: a bold, frozen header row, then one row per shown value."""
    lines = [header(), *rows(disclosed)]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _workbook(_("Figures")))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        book.writestr("xl/worksheets/sheet1.xml", _sheet(lines))
    return out.getvalue()
