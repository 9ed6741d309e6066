"""Apply a table schema to a raw table: map headers, parse cells, check rows and keys."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from generator.load.tables import RawTable
from generator.problems import Report
from generator.config import SLUG_RE
from generator.validate.code_row import without_code_row
from generator.validate.schema import _PLAIN_COUNT_DIGITS, Column, TableSchema, normalize_header, parse_cell
from generator.validate.values import plain

ROW = "_row"  # the spreadsheet row each record came from, kept for later messages


def typed_table(raw: RawTable, schema: TableSchema, report: Report) -> pd.DataFrame | None:
    """The table with canonical column names and parsed values; None if its columns are unusable.

    Cells are parsed a column at a time (vectorised, each distinct text once); only the rows with a
    cell the fast parse does not accept go through the cell-by-cell parse that words the error, so a
    table of a million clean rows is checked in seconds. A big table DuckDB holds (load/big_csv.py)
    is checked the same way in SQL (validate/engine.py)."""
    if not isinstance(raw, RawTable):
        from generator.validate.engine import checkable, engine_typed_table

        if checkable(schema):
            return engine_typed_table(raw, schema, report)
        raw = raw.materialize()
    positions = _map_columns(raw, schema, report)
    if positions is None:
        return None
    raw = without_code_row(raw, positions, schema)  # a filled template's second header row
    names = [c.name for c in schema.columns]
    values, accepted = {}, np.ones(len(raw.rows), dtype=bool)
    texts = _columns_of(raw, positions)
    for column in schema.columns:
        cells = texts.get(column.name) or _column_texts(raw, None)
        values[column.name], ok = _column_values(column, cells)
        accepted &= ok
    keep = accepted.copy()
    if schema.row_checks:
        for index in np.flatnonzero(accepted):
            record = {name: values[name][index] for name in names}
            for check in schema.row_checks:
                if check.fails(record):
                    report.add(raw.path, raw.row_numbers[index], check.column, check.code, check.message(record))
                    keep[index] = False
    parsed: dict = {}
    for index in np.flatnonzero(~accepted):
        record = _parse_row(raw.path, raw.row_numbers[index], raw.rows[index], positions, schema, report, parsed)
        if record is not None:
            for name in names:
                values[name][index] = record[name]
            keep[index] = True
    columns = {name: np.asarray(values[name], dtype=object)[keep].tolist() for name in names}
    columns[ROW] = np.asarray(raw.row_numbers, dtype=np.int64)[keep]
    frame = _with_dtypes(pd.DataFrame(columns, columns=names + [ROW]), schema)
    _check_keys(raw.path, frame, schema, report)
    return frame


def _column_texts(raw: RawTable, position: int | None) -> list[str]:
    if position is None:
        return [""] * len(raw.rows)
    return [cells[position] if position < len(cells) else "" for cells in raw.rows]


def _columns_of(raw: RawTable, positions: dict[str, int]) -> dict[str, list[str]]:
    """Each mapped column's cells; one transposition in C when every row is as wide as the header."""
    width = len(raw.header)
    if raw.rows and all(len(cells) == width for cells in raw.rows):
        transposed = list(zip(*raw.rows))
        return {name: list(transposed[index]) for name, index in positions.items() if index < width}
    return {name: _column_texts(raw, index) for name, index in positions.items()}


def _all_plain_counts(texts: list[str]) -> bool:
    joined = "".join(texts)
    return (bool(texts) and joined.isascii() and joined.isdigit()
            and min(map(len, texts)) >= 1 and max(map(len, texts)) <= _PLAIN_COUNT_DIGITS)


def _column_values(column: Column, texts: list[str]) -> tuple[list, np.ndarray]:
    """The parsed values of a column (None where empty) and which cells the fast parse accepted. A cell
    it does not accept is not necessarily wrong (`1 024`, `Да`): the cell-by-cell parse decides."""
    if column.kind == "int":
        low, high = column.minimum, column.maximum
        if _all_plain_counts(texts):  # the usual export: every cell ASCII digits; parsed in C
            parsed = list(map(int, texts))
            numbers = np.asarray(parsed, dtype=np.int64)
            ok = np.ones(len(texts), dtype=bool)
            if low is not None:
                ok &= numbers >= low
            if high is not None:
                ok &= numbers <= high
            return parsed, ok
        parsed = [int(text) if text.isascii() and text.isdigit() and len(text) <= _PLAIN_COUNT_DIGITS else None
                  for text in texts]
        ok = [value is not None and (low is None or value >= low) and (high is None or value <= high)
              for value in parsed]
    elif column.kind in ("text", "ref"):
        parsed, ok = [text or None for text in texts], [text != "" for text in texts]
    elif column.kind == "id":
        parsed, ok = [text or None for text in texts], [SLUG_RE.match(text) is not None for text in texts]
    else:  # bool, enum, number: few distinct texts, each parsed once by the one cell parser
        distinct = {text: parse_cell(column, text) for text in set(texts) if text}
        outcome = [distinct.get(text, (None, "empty")) for text in texts]
        parsed, ok = [value for value, _ in outcome], [problem is None for _, problem in outcome]
    accepted = np.fromiter(ok, dtype=bool, count=len(texts))
    if not column.required:  # an empty optional cell is a value: None
        accepted |= np.fromiter((text == "" for text in texts), dtype=bool, count=len(texts))
    return parsed, accepted


def _with_dtypes(frame: pd.DataFrame, schema: TableSchema) -> pd.DataFrame:
    """Real bool/int columns, so that `~` and sums do what they say. Number columns keep their exact
    fractions (object dtype; None where empty): a float column would round 0,85 to a binary neighbour."""
    for column in schema.columns:
        if column.kind == "number":
            frame[column.name] = frame[column.name].astype(object)
        elif column.required and column.kind == "bool":
            frame[column.name] = frame[column.name].astype(bool)
        elif column.required and column.kind == "int":
            frame[column.name] = frame[column.name].astype("int64")
    frame[ROW] = frame[ROW].astype("int64")
    return frame


def _map_columns(raw: RawTable, schema: TableSchema, report: Report) -> dict[str, int] | None:
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, header in enumerate(raw.header):
        column = _column_for(header, schema)
        if column is None:
            if header:
                unknown.append(header)
            continue
        if column.name in positions:
            report.add(raw.path, 1, header, "column-duplicate",
                       f"столбец «{column.name}» встречается дважды: удалите лишний")
            return None
        positions[column.name] = index
    missing = [c for c in schema.columns if c.name not in positions and c.required]
    if missing and _title_rows(raw, schema, len(positions), report):
        return None
    meant = _headers_meant(unknown, [c for c in schema.columns if c.name not in positions])
    for header in unknown:
        column = meant.get(header)
        hint = f"возможно, имелось в виду «{column.name}» ({column.title}); " if column else ""
        report.add(raw.path, 1, header, "column-unknown",
                   f"столбец «{header}» не используется и будет пропущен; {hint}ожидаемые столбцы: "
                   + ", ".join(c.name for c in schema.columns), severity="warning")
    misspelt = {column.name: header for header, column in meant.items()}
    for column in missing:
        hint = (f"; возможно, это столбец «{misspelt[column.name]}» — исправьте его заголовок"
                if column.name in misspelt else "")
        report.add(raw.path, 1, column.name, "column-missing",
                   f"нет обязательного столбца «{column.name}» ({column.title}): добавьте его в первую строку{hint}")
    return None if missing else positions


_TITLE_ROWS_LOOKED_AT = 10  # rows under the first where the real header row of an official workbook may be


def _title_rows(raw: RawTable, schema: TableSchema, mapped: int, report: Report) -> bool:
    """A title above the header («Таблица 1. Сведения о …» in A1, maybe an empty row, then the header
    row): one problem naming the rows to delete, instead of a missing-column error for every column.
    The header row is one under the first that names more columns than the first and at least half
    of the required ones."""
    required = sum(c.required for c in schema.columns)
    if mapped * 2 >= required:
        return False
    for header_row, cells in raw.first_rows(_TITLE_ROWS_LOOKED_AT):  # a table DuckDB holds gives them too
        names = max((_named_columns(split, schema) for split in _splits(cells)), key=len)
        if len(names) > mapped and len(names) * 2 >= required:
            above = "строку 1" if header_row == 2 else f"строки 1–{header_row - 1}"
            report.add(raw.path, 1, None, "header-not-first-row",
                       f"заголовки столбцов — в строке {header_row}, а над ними название таблицы или другие "
                       f"строки: удалите строки над заголовками ({above}), чтобы заголовки были в первой строке")
            return True
    return False


def _named_columns(cells: list[str], schema: TableSchema) -> set[str]:
    return {column.name for column in (_column_for(cell, schema) for cell in cells) if column}


def _splits(cells: list[str]) -> list[list[str]]:
    """A row as read, and a row of one cell split by each delimiter: a CSV whose first line is a lone
    title was read with none (the delimiter is the one the first line splits by)."""
    if len(cells) != 1:
        return [cells]
    return [cells, *(cells[0].split(delimiter) for delimiter in (",", ";", "\t"))]


_HEADER_LIKENESS = 0.75  # difflib's ratio: «Колличество респондентов» is «количество респондентов»


def _headers_meant(unknown: list[str], columns: list[Column]) -> dict[str, Column]:
    """For each unknown header, the expected column it is most likely a misspelling of (by any of the
    column's accepted names), each column at most once."""
    names = {name: column for column in columns for name in column.headers()}
    meant: dict[str, Column] = {}
    for header in unknown:
        close = difflib.get_close_matches(normalize_header(header), list(names), n=1, cutoff=_HEADER_LIKENESS)
        if close and names[close[0]] not in meant.values():
            meant[header] = names[close[0]]
    return meant


def column_position(raw: RawTable, column: Column) -> int | None:
    """Where the column is in the raw table's header, by any of its accepted names."""
    headers = column.headers()
    return next((i for i, header in enumerate(raw.header) if normalize_header(header) in headers), None)


def _column_for(header: str, schema: TableSchema) -> Column | None:
    wanted = normalize_header(header)
    return next((c for c in schema.columns if wanted in c.headers()), None)


# Kinds whose cells repeat (да/нет, codes, scores): each distinct text is parsed once
# per table. Ids, free text and counts are mostly distinct (counts have their own fast path), so
# remembering them would only cost memory.
_REPEATING_KINDS = frozenset({"bool", "enum", "number"})


def _parse_row(path: str, number: int, cells: list[str], positions: dict[str, int],
               schema: TableSchema, report: Report, parsed: dict) -> dict | None:
    record: dict = {ROW: number}
    valid = True
    for column in schema.columns:
        index = positions.get(column.name)
        text = cells[index] if index is not None and index < len(cells) else ""
        if not text:
            if column.required:
                report.add(path, number, column.name, "value-missing",
                           f"не заполнено значение «{column.name}» ({column.title}): заполните ячейку")
                valid = False
            record[column.name] = None
            continue
        if column.kind in _REPEATING_KINDS:
            key = (column.name, text)
            if key not in parsed:
                parsed[key] = parse_cell(column, text)
            value, problem = parsed[key]
        else:
            value, problem = parse_cell(column, text)
        if problem:
            report.add(path, number, column.name, *problem)
            valid = False
        record[column.name] = value
    if not valid:
        return None
    for check in schema.row_checks:
        if check.fails(record):
            report.add(path, number, check.column, check.code, check.message(record))
            valid = False
    return record if valid else None


def _check_keys(path: str, frame: pd.DataFrame, schema: TableSchema, report: Report) -> None:
    """Every repeated key once, with the row of its first occurrence: one pass over the table
    (a lookup per repeated row would be quadratic — minutes on 20 000 repeated rows)."""
    if frame.empty:
        return
    keys = list(schema.key)
    repeated = frame.duplicated(keys, keep="first")
    if not repeated.any():
        return
    # None for every missing value, so that a key with an empty optional part is found again
    records = [tuple(None if pd.isna(v) else v for v in values)
               for values in frame[keys].itertuples(index=False, name=None)]
    first_rows: dict[tuple, int] = {}
    for values, row in zip(records, frame[ROW]):
        first_rows.setdefault(values, int(row))
    for values, row, is_repeated in zip(records, frame[ROW], repeated):
        if not is_repeated:
            continue
        key = ", ".join(f"{k} = «{v}»" for k, v in zip(keys, values) if v is not None)
        report.add(path, int(row), schema.key[-1], "id-duplicate",
                   f"повтор записи ({key}), она уже есть в строке {first_rows[values]}: удалите одну из строк")


@dataclass(frozen=True)
class IdList:
    """The ids a reference may name, and the file that lists them (services.xlsx as given), for messages."""

    ids: set[str] | None  # None when the list could not be read
    file: str
    # the names written in the list (values.plain) → the ids they name: a name where an id is expected
    names: dict[str, set[str]] = field(default_factory=dict)


_MISSING_REFERENCE = {
    "organization_id": "орган «{id}» не найден в {file}: добавьте его туда или исправьте идентификатор.",
    "service_id": "услуга «{id}» не найдена в {file}: добавьте её туда или исправьте идентификатор.",
}
_NAME_NOT_ID = {
    "organization_id": "«{text}» — это название органа; его идентификатор — {ids}: укажите его вместо названия.",
    "service_id": "«{text}» — это название услуги; её идентификатор — {ids}: укажите его вместо названия.",
}


_GUESS_AMONG = 20_000  # known ids
_GUESSES = 200  # rows


def check_references(path: str, frame: pd.DataFrame, column: str, listed: IdList, report: Report) -> pd.DataFrame:
    """Report ids not in the list; return the rows that refer to listed ids. When the list could not
    be read (`ids` None) nothing is checked (validate says so once), rather than every reference
    reported as unknown."""
    known = listed.ids
    if frame is None or frame.empty or known is None:
        return frame
    unknown = ~frame[column].isin(known) & frame[column].notna()  # an optional reference may be empty
    if not unknown.any():
        return frame  # the usual: nothing to leave out, no copy of a table of millions of rows
    # a guess compares the id with every known one: offered for the first rows of a small list only,
    # so that a region's table full of unknown ids is still checked in seconds
    candidates = sorted(known) if len(known) <= _GUESS_AMONG else []
    guesses = 0
    for _, row in frame[unknown].iterrows():
        text = str(row[column])
        named = listed.names.get(plain(text)) if listed.names else None
        if named:
            ids = " или ".join(f"«{i}»" for i in sorted(named))
            report.add(path, int(row[ROW]), column, "id-unknown", _NAME_NOT_ID[column].format(text=text, ids=ids))
            continue
        guess = difflib.get_close_matches(text, candidates, n=1) if guesses < _GUESSES else []
        guesses += 1
        hint = f" Возможно, имелось в виду «{guess[0]}»." if guess else ""
        report.add(path, int(row[ROW]), column, "id-unknown",
                   _MISSING_REFERENCE[column].format(id=text, file=listed.file) + hint)
    return frame[~unknown].reset_index(drop=True)


def names_to_ids(pairs) -> dict[str, set[str]]:
    """(name, id) pairs → the names as compared (values.plain) → their ids."""
    names: dict[str, set[str]] = {}
    for name, id_ in pairs:
        if name and id_ and plain(name):
            names.setdefault(plain(name), set()).add(id_)
    return names
