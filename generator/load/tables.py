"""Readers for the tables data maintainers export from Excel.

Accepted as they come: UTF-8 with or without BOM, UTF-16 by its BOM, Windows-1251 and the
other Cyrillic code pages (Windows-1251 unless another reads cleaner: code_pages.py; `encoding:`
in site.yaml overrides), comma, semicolon or tab as delimiter (the one every line fits:
delimiters.py), and .xlsx workbooks (the first visible sheet is the table, a template's «Инструкция»
sheet is never read; other non-empty visible sheets are kept in `sheets`, for tables a methodology takes from a named sheet of
another table's workbook). Cells stay text here; validation parses them. What cannot be read
as the maintainer meant is refused with a Russian message, never guessed.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import math
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from generator.dataset import TableOrigin
from generator.load.code_pages import likeliest_reading
from generator.load.delimiters import sniff_delimiter

# Encodings `encoding:` in site.yaml may name (Python's codec names and their aliases).
ACCEPTED_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r", "koi8-u", "cp866",
                      "mac-cyrillic", "iso8859-5")
# Longest BOM first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_NOT_TEXT = ("файл не является текстовой таблицей CSV (возможно, это книга Excel с расширением .csv): "
             "сохраните его как «CSV UTF-8» или как .xlsx")


@dataclass(frozen=True)
class FileProblem:
    """Something found while reading a file, reported by the loader with the file's name."""

    row: int | None
    code: str
    message: str
    severity: str = "error"


class UnreadableFile(Exception):
    """The file exists but cannot be read as the maintainer meant; the messages are Russian."""

    def __init__(self, message: str, code: str = "file-unreadable", row: int | None = None,
                 problems: list[FileProblem] | None = None):
        super().__init__(message)
        self.problems = problems or [FileProblem(row, code, message)]


@dataclass
class RawTable:
    path: str  # as messages name it, relative to the data folder (a sheet's: `…/uzhkh.xlsx, лист «Предложения»`)
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each entry
    sheets: dict[str, "RawTable"] = field(default_factory=dict)  # a workbook's other sheets, by title
    problems: list[FileProblem] = field(default_factory=list)  # found while reading; the table is still usable
    origin: TableOrigin | None = None  # the file and sheet it was read from; the file `path` when not said

    def __post_init__(self) -> None:
        if self.origin is None:
            self.origin = TableOrigin(self.path)
        if not self.row_numbers:
            self.row_numbers = list(range(2, len(self.rows) + 2))

    def first_rows(self, count: int) -> list[tuple[int, list[str]]]:
        """(spreadsheet row, cells) of the first `count` rows under the header (EngineTable has the same)."""
        return list(zip(self.row_numbers[:count], self.rows[:count]))


def read_table(path: Path, shown_as: str, encoding: str | None = None) -> RawTable:
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, shown_as)
    return _read_csv(path, shown_as, encoding)


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of a file: by its BOM, else UTF-8, else the encoding named in site.yaml, else the
    Cyrillic code page that reads it most like Russian (Windows-1251 on a tie). A file that is valid UTF-8 is read as
    UTF-8 even when site.yaml names a code page: Russian text in a code page is practically never
    valid UTF-8, and YAML files saved by an editor are UTF-8 whatever Excel exported."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _decode_after_bom(data, codec)
    if b"\x00" in data[:4096] and not (encoding and encoding.lower().startswith("utf-16")):
        raise UnreadableFile(_NOT_TEXT)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if encoding:
            return _decode_as(data, encoding)
    text = likeliest_reading(data)
    if text is None:
        raise UnreadableFile("не удалось определить кодировку: сохраните файл как «CSV UTF-8» "
                             "или укажите кодировку в site.yaml (encoding: cp1251)")
    return text


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"файл не читается в кодировке {encoding}, указанной в site.yaml (encoding): "
                             f"строка {_line_of(data, exc.start)} содержит байты не этой кодировки; "
                             "пересохраните файл в этой кодировке или исправьте encoding") from exc
    return text.removeprefix("\ufeff")


def _decode_after_bom(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        # A UTF-8 mark followed by Windows-1251 bytes: two encodings in one file, which one the
        # maintainer meant cannot be known, so the file is refused rather than half garbled.
        raise UnreadableFile(f"файл начинается с метки кодировки {codec.removesuffix('-sig').upper()} (BOM), "
                             f"но строка {_line_of(data, exc.start)} записана в другой кодировке "
                             "(вероятно, Windows-1251): пересохраните весь файл как «CSV UTF-8»") from exc


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _read_csv(path: Path, shown_as: str, encoding: str | None) -> RawTable:
    text = decode(path.read_bytes(), encoding)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UnreadableFile("файл пуст: первая строка должна содержать заголовки столбцов")
    delimiter = sniff_delimiter(text)
    quoted = '"' in text
    if quoted:
        # strict: a stray quote inside a cell is an error, not a cell silently cut or merged
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        try:
            records = list(enumerate(reader, start=1))
        except csv.Error as exc:
            row = _records_before_error(text, delimiter) + 1
            raise UnreadableFile(f"таблица повреждена: {_csv_error(exc)}",
                                 code="quote-unclosed", row=row) from exc
    else:
        records = _unquoted_records(text, delimiter)
    # a quoted cell is the only way a line break gets into a cell: without quotes there is nothing to look for
    problems = [p for number, record in records if quoted and _has_line_break(record)
                for p in _swallowed_lines(number, record, delimiter)]
    problems += _ragged_rows(records)
    if problems:
        raise UnreadableFile(problems[0].message, problems=problems)
    return _table(TableOrigin(shown_as), records, padded=_has_padded_cells(text))


_RARE_SPACE = re.compile(r"[^\S \t\r\n\u00a0]")  # thin, em, … spaces: wherever they are, strip every cell


def _has_padded_cells(text: str) -> bool:
    """A space at the edge of some cell: only then are the cells stripped one by one (a few scans
    of the text in C instead of a million strips)."""
    if _RARE_SPACE.search(text):
        return True
    spaces, edges = (" ", "\t", "\u00a0"), (",", ";", "\t", "\n", "\r")
    return (text[:1] in spaces or text[-1:] in spaces
            or any(edge + space in text or space + edge in text for edge in edges for space in spaces))


def _unquoted_records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Records of a CSV text without a single quote: exactly what the csv module reads (line ends
    \\r\\n, \\n or \\r; no empty record after the last line end), split in C — a million rows in a second."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [(number, line.split(delimiter) if line else []) for number, line in enumerate(lines, start=1)]


def _records_before_error(text: str, delimiter: str) -> int:
    """How many records a strict reader gets through before it fails (only when it does)."""
    count = 0
    try:
        for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True):
            count += 1
    except csv.Error:
        pass
    return count


def _csv_error(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return ("кавычка, открытая в ячейке, не закрыта до конца файла; закройте её "
                "или удалите (кавычка внутри текста записывается двумя кавычками \"\")")
    if "expected after" in text:
        return ("после закрывающей кавычки в ячейке идёт ещё текст; кавычка внутри текста "
                "записывается двумя кавычками \"\", а весь текст ячейки заключается в кавычки")
    return f"неверная запись ячеек ({text}); проверьте кавычки"


def _has_line_break(record: list[str]) -> bool:
    joined = "".join(record)
    return "\n" in joined or "\r" in joined


def _swallowed_lines(number: int, record: list[str], delimiter: str) -> list[FileProblem]:
    """A quoted cell holding a line break followed by a delimiter: almost surely a quote left open,
    which turned the following rows into the text of one cell."""
    for cell in record:
        for line in cell.splitlines()[1:]:
            if delimiter in line:
                return [FileProblem(number, "quote-unclosed",
                                    "в ячейке открыта кавычка, и следующие строки таблицы попали в её текст: "
                                    "закройте кавычку в конце ячейки или удалите её")]
    return []


def _ragged_rows(records: list[tuple[int, list[str]]]) -> list[FileProblem]:
    """Rows with another number of cells than the header: a lost or extra delimiter shifts every
    following cell into the wrong column, so the row is refused rather than read shifted."""
    width = len(records[0][1])
    problems = []
    for number, record in records[1:]:
        if len(record) == width or not any(cell.strip() for cell in record):
            continue
        if len(record) > width and not any(cell.strip() for cell in record[width:]):
            continue  # empty cells after the last column, as some exports write them
        problems.append(FileProblem(number, "row-length-mismatch",
                                    f"в строке {len(record)} ячеек, а в заголовке {width} столбцов: "
                                    "проверьте разделители и кавычки в этой строке"))
    return problems


def _read_xlsx(path: Path, shown_as: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(f"книга Excel не открывается ({type(exc).__name__}): "
                             "пересохраните её в Excel как .xlsx") from exc
    try:
        # a sheet's XML is parsed only when its rows are read: a broken sheet fails here
        sheets = [(sheet.title.strip(), sheet.sheet_state == "visible", _sheet_records(sheet))
                  for sheet in book.worksheets]
    except Exception as exc:  # lxml/expat, zipfile and openpyxl's own errors for a damaged sheet
        raise UnreadableFile(f"лист книги Excel повреждён ({type(exc).__name__}): "
                             "откройте книгу в Excel и пересохраните её как .xlsx") from exc
    finally:
        book.close()
    visible = [(title, records) for title, shown, records in sheets if shown and not is_instruction(title)]
    if not visible or not visible[0][1]:
        raise UnreadableFile("первый видимый лист книги пуст: на нём должна быть таблица с заголовками")
    table = _table(TableOrigin(shown_as), visible[0][1])
    table.problems += _hidden_sheets(sheets)
    table.sheets = {title: _table(TableOrigin(shown_as, title), records) for title, records in visible[1:] if records}
    return table


# The sheet of a template's instructions (`transparency templates`, generator/templates_xlsx.py): words for
# a person, its example row and drop-down lists; never data, wherever it stands in the workbook.
INSTRUCTION_SHEET = "Инструкция"


def is_instruction(title: str) -> bool:
    return title.strip().casefold() == INSTRUCTION_SHEET.casefold()


def _hidden_sheets(sheets: list[tuple[str, bool, list]]) -> list[FileProblem]:
    """Hidden sheets are never read. One holding data before the first visible sheet is an error:
    it may well be the table the maintainer meant (it was read before); later ones are a warning."""
    problems, seen_visible = [], False
    for title, shown, records in sheets:
        seen_visible = seen_visible or shown
        if shown or not records or is_instruction(title):
            continue
        if seen_visible:
            problems.append(FileProblem(None, "sheet-hidden",
                                        f"скрытый лист «{title}» с данными не читается и будет пропущен",
                                        "warning"))
        else:
            problems.append(FileProblem(None, "sheet-hidden",
                                        f"первый лист книги «{title}» скрыт и содержит данные, а таблицей "
                                        "читается первый видимый лист: покажите нужный лист и поставьте его "
                                        "первым или удалите скрытый лист"))
    return problems


def _sheet_records(sheet) -> list[tuple[int, list[str]]]:
    """The sheet's non-blank rows with their numbers. Blank rows are counted, not kept: a used
    range of a million formatted but empty rows must not cost a million lists."""
    sheet.reset_dimensions()  # the stored dimension may claim XFD1048576; read only the cells present
    records = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        cells = [_xlsx_cell(cell) for cell in row]
        if any(cells):
            records.append((number, cells))
    return records


def _xlsx_cell(cell) -> str:
    """A cell as the text Excel shows: dates as dd.mm.yyyy, percent cells as percents."""
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y") if value.time() == dt.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, (int, float)):
        return _number_text(value, "%" in str(getattr(cell, "number_format", "")))
    return str(value).strip()


def _number_text(value: int | float, percent: bool) -> str:
    """The number by its shortest decimal form (0.815, never 0.81499…), written out without an
    exponent; a percent cell's 0.815 is 81.5 (% is how Excel shows it, the value is the share)."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # left for validation to call «не число»
    number = Decimal(repr(value)) * (100 if percent else 1)
    text = format(number.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def _table(origin: TableOrigin, records: list[tuple[int, list[str]]], padded: bool = True) -> RawTable:
    header = [h.strip() for h in records[0][1]]
    rows, numbers = [], []
    for number, record in records[1:]:
        if not "".join(record).strip():
            continue  # blank lines Excel leaves at the end
        rows.append(list(map(str.strip, record)) if padded else record)
        numbers.append(number)
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1] for r in rows):
        header.pop()  # trailing empty columns of an Excel export
    return RawTable(origin.shown, header, [_fitted(r, len(header)) for r in rows], numbers, origin=origin)


def _fitted(cells: list[str], width: int) -> list[str]:
    """A row as wide as the header: a workbook row ends at its last filled cell, and empty cells
    after the last column carry nothing (filled ones are kept, for the checks to see)."""
    if len(cells) < width:
        return cells + [""] * (width - len(cells))
    while len(cells) > width and not cells[-1]:
        cells = cells[:-1]
    return cells
