"""Readers for the tables data maintainers export from Excel.

Accepted as they come: UTF-8 with or without BOM, Windows-1251 and other encodings
(detected by charset-normalizer), comma, semicolon or tab as delimiter, and .xlsx
workbooks (the first sheet is the table; other non-empty sheets are kept in `sheets`, for
tables a methodology takes from a named sheet of another table's workbook). Cells stay text
here; validation parses them.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes


class UnreadableFile(Exception):
    """The file exists but is not a table we can read; the message is Russian."""


@dataclass
class RawTable:
    path: str  # as shown to the maintainer, relative to the data folder
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int] = field(default_factory=list)  # spreadsheet row of each entry
    sheets: dict[str, "RawTable"] = field(default_factory=dict)  # a workbook's other sheets, by title

    def __post_init__(self) -> None:
        if not self.row_numbers:
            self.row_numbers = list(range(2, len(self.rows) + 2))


def read_table(path: Path, shown_as: str) -> RawTable:
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, shown_as)
    return _read_csv(path, shown_as)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("не удалось определить кодировку: сохраните файл как «CSV UTF-8»")
    return str(best)


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_csv(path: Path, shown_as: str) -> RawTable:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise UnreadableFile("файл не является текстовой таблицей CSV (возможно, это книга Excel "
                             "с расширением .csv): сохраните его как «CSV UTF-8» или как .xlsx")
    text = decode(data)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise UnreadableFile("файл пуст: первая строка должна содержать заголовки столбцов")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(lines[0]))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise UnreadableFile(f"таблица повреждена ({exc}): проверьте кавычки в ячейках") from exc
    return _table(shown_as, records, first_row=1)


def _read_xlsx(path: Path, shown_as: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise UnreadableFile(f"книга Excel не открывается ({type(exc).__name__}): "
                             "пересохраните её в Excel как .xlsx") from exc
    sheets = [(sheet.title, [[_xlsx_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)])
              for sheet in book.worksheets]
    book.close()
    title, records = sheets[0]
    if not records:
        raise UnreadableFile("первый лист книги пуст: на нём должна быть таблица с заголовками")
    table = _table(shown_as, records, first_row=1)
    table.sheets = {name.strip(): _table(f"{shown_as}, лист «{name.strip()}»", rows, first_row=1)
                    for name, rows in sheets[1:] if any(any(c.strip() for c in r) for r in rows)}
    return table


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(shown_as: str, records: list[list[str]], first_row: int) -> RawTable:
    header = [h.strip() for h in records[0]]
    rows, numbers = [], []
    for offset, record in enumerate(records[1:], start=first_row + 1):
        if not any(cell.strip() for cell in record):
            continue  # blank lines Excel leaves at the end
        rows.append([cell.strip() for cell in record])
        numbers.append(offset)
    while header and not header[-1] and all(len(r) < len(header) or not r[len(header) - 1] for r in rows):
        header.pop()  # trailing empty columns of an Excel export
    return RawTable(shown_as, header, rows, numbers)
