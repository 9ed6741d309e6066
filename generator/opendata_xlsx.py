"""A workbook beside every open-data CSV, for those who open data in a spreadsheet: the same rows
under the columns' Russian titles, numbers as numbers, dates as dates, text always as text."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from fractions import Fraction
from itertools import islice
from xml.sax.saxutils import escape

import pandas as pd

from generator.exact import OPEN_DATA_DECIMALS, decimal_text

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can carry: the bytes never depend on the clock
_DATE_FORMAT = "DD.MM.YYYY"
_SHEET_TITLE_LIMIT = 31  # Excel's limit on a sheet's name


_DECIMALS = 10 ** OPEN_DATA_DECIMALS
_EXACT_LIMIT = 10 ** 28  # Decimal's context precision: decimal_text rounds a longer number, so it is left to it


def number_text(value) -> str:
    """decimal_text(value), by integer arithmetic for an int or a Fraction: a region's open data formats
    hundreds of thousands of figures, and the Decimal way takes most of the export's time. The same
    rule: half away from zero at OPEN_DATA_DECIMALS places, no trailing zeros."""
    kind = type(value)
    if kind is int and abs(value) * _DECIMALS < _EXACT_LIMIT:
        return str(value)
    if kind is not Fraction:
        return decimal_text(value)
    numerator, denominator = value.numerator, value.denominator
    whole = (2 * abs(numerator) * _DECIMALS + denominator) // (2 * denominator)
    if whole == 0:
        return "0"
    if whole >= _EXACT_LIMIT:
        return decimal_text(value)
    units, decimals = divmod(whole, _DECIMALS)
    text = f"{units}.{decimals:0{OPEN_DATA_DECIMALS}d}".rstrip("0").rstrip(".")
    return "-" + text if numerator < 0 else text


def xlsx_value(value, kind: str):
    """A cell's value in the workbook: the CSV's number as a number, a date as a date, the rest as text."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, bool):
        return value
    if kind == "integer" and isinstance(value, int):
        return value
    if isinstance(value, (Fraction, float, int)):
        text = number_text(value)  # the same digits as the CSV
        return int(text) if "." not in text else float(text)
    # XML cannot hold control characters (but tab and line feed): each is shown as «�»
    text = _ILLEGAL.sub("\ufffd", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    if _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text


class NumberTexts:
    """Each figure written once, though the CSV, the workbook and results.json all write it: kept by the
    object's identity (hashing a Fraction costs as much as writing it), and holding the object, so that
    an identity is never reused while the cache lives. One per export."""

    def __init__(self) -> None:
        self._written: dict[int, tuple[object, str, str]] = {}

    def _entry(self, value) -> tuple[object, str, str]:
        found = self._written.get(id(value))
        if found is None:
            text = number_text(value)
            # the number the workbook and JSON hold: shortest float form prints the CSV's digits
            found = self._written[id(value)] = (value, text, repr(float(text)) if "." in text else text)
        return found

    def text(self, value) -> str:
        """The CSV's digits (number_text)."""
        return self._entry(value)[1]

    def shown(self, value) -> str:
        """The number as a workbook's cell and JSON write it."""
        return self._entry(value)[2]


def column_values(rows: list[dict], columns) -> list[list]:
    """A table by column: each column's values in the rows' order (None where a row has no such key)."""
    return [[row.get(c) for row in rows] for c in columns]


def workbook(title: str, columns: tuple[str, ...], titles: dict[str, str], types: dict[str, str],
             rows: list[dict], when: dt.date) -> bytes:
    """The workbook's bytes: one sheet, one bold frozen header row; the same bytes for the same rows and
    date. Written directly (openpyxl's writer takes seconds for a region's results; it reads them back in
    the tests): every text cell is an inline string, so nothing in it is ever taken for a formula."""
    return columns_workbook(title, columns, titles, types, column_values(rows, columns), when, NumberTexts())


def columns_workbook(title: str, columns: tuple[str, ...], titles: dict[str, str], types: dict[str, str],
                     values: list[list], when: dt.date, numbers: NumberTexts) -> bytes:
    """workbook() of a table by column (column_values); `numbers` writes a figure's digits (NumberTexts
    shares them with the CSV and results.json)."""
    cells = [_column_cells(column, types.get(c, "string"), numbers) for c, column in zip(columns, values)]
    stamp = when.isoformat() + "T00:00:00Z"
    parts = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _ROOT_RELS,
             "docProps/core.xml": _CORE.format(stamp=stamp), "docProps/app.xml": _APP,
             "xl/workbook.xml": _WORKBOOK.format(title=escape(title[:_SHEET_TITLE_LIMIT], _QUOTES)),
             "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS, "xl/styles.xml": _STYLES,
             "xl/worksheets/sheet1.xml": None}  # written row by row (_sheet_chunks)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            # a fixed time in every entry: the bytes never depend on the clock (incremental builds)
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w") as entry:
                for chunk in ([text] if text is not None else _sheet_chunks(columns, titles, cells)):
                    entry.write(chunk.encode("utf-8"))
    return out.getvalue()


_CHUNK_ROWS = 2000  # the sheet is packed a few thousand rows at a time, never held whole (a region's is 40 MB)


def _sheet_chunks(columns: tuple[str, ...], titles: dict[str, str], cells: list[list[str]]) -> Iterator[str]:
    yield _SHEET_START + _row(1, [_text(titles.get(c, c), _BOLD) for c in columns])
    rows = enumerate(zip(*cells), start=2)
    while chunk := "".join([f'<row r="{number}">{"".join(row)}</row>' for number, row in islice(rows, _CHUNK_ROWS)]):
        yield chunk
    yield _SHEET_END


def _column_cells(values: list, kind: str, numbers: NumberTexts) -> list[str]:
    """_cell(xlsx_value(value, kind)) of a column's values."""
    return converted(values, lambda value: _cell(xlsx_value(value, kind)),
                     lambda figure: f"<c><v>{numbers.shown(figure)}</v></c>")


_ONCE = {str, int, bool}  # the kinds of value whose hash is cheap and whose every value has one writing


def converted(values: list, convert, figure=None) -> list:
    """[convert(value) for value in values], a column at a time, and figure(value) for a Fraction if given:
    a region's results have half a million cells, most of them a few texts (periods, codes, levels)
    repeated, or empty. A column of one such kind of value (and None, and figures) converts each distinct
    value once; hashing a Fraction costs as much as writing it, so a figure is never a key."""
    kinds = set(map(type, values))
    kinds.discard(type(None))
    figures = figure is not None and Fraction in kinds
    if figures:
        kinds.discard(Fraction)
    if not (len(kinds) <= 1 and kinds <= _ONCE):  # one kind: True and 1 are equal keys, written differently
        return [figure(value) if figures and type(value) is Fraction else convert(value) for value in values]
    if not figures:
        written = {value: convert(value) for value in set(values)}
        return list(map(written.__getitem__, values))
    written = {value: convert(value) for value in {value for value in values if type(value) is not Fraction}}
    return [figure(value) if type(value) is Fraction else written[value] for value in values]


_BOLD, _DATE = 2, 1  # the styles of cellXfs below
_QUOTES = {'"': "&quot;"}
_EPOCH = dt.date(1899, 12, 30)  # a spreadsheet's day 0 (after Excel's leap-year 1900)


def _row(number: int, cells: list[str]) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def _text(value: str, style: int = 0) -> str:
    styled = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{styled}><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _cell(value) -> str:
    if value is None:
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f"<c><v>{value!r}</v></c>"
    if isinstance(value, dt.date):
        return f'<c s="{_DATE}"><v>{(value - _EPOCH).days}</v></c>'
    return _text(value)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>')
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>transparency</dc:creator>'
    '<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
_APP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>transparency</Application></Properties>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{_REL}"><sheets><sheet name="{{title}}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{_DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
    'state="frozen"/></sheetView></sheetViews><sheetData>')
_SHEET_END = "</sheetData></worksheet>"
