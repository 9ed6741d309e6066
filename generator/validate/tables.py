"""Apply a table schema to a raw table: map headers, parse cells, check rows and keys."""
from __future__ import annotations

import difflib

import pandas as pd

from generator.load.tables import RawTable
from generator.problems import Report
from generator.validate.schema import Column, TableSchema, normalize_header, parse_cell

ROW = "_row"  # the spreadsheet row each record came from, kept for later messages


def typed_table(raw: RawTable, schema: TableSchema, report: Report) -> pd.DataFrame | None:
    """The table with canonical column names and parsed values; None if its columns are unusable."""
    positions = _map_columns(raw, schema, report)
    if positions is None:
        return None
    records = []
    parsed: dict = {}
    for number, cells in zip(raw.row_numbers, raw.rows):
        record = _parse_row(raw.path, number, cells, positions, schema, report, parsed)
        if record is not None:
            records.append(record)
    frame = _with_dtypes(pd.DataFrame(records, columns=[c.name for c in schema.columns] + [ROW]), schema)
    _check_keys(raw.path, frame, schema, report)
    return frame


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
    for index, header in enumerate(raw.header):
        column = _column_for(header, schema)
        if column is None:
            if header:
                report.add(raw.path, 1, header, "column-unknown",
                           f"столбец «{header}» не используется и будет пропущен; ожидаемые столбцы: "
                           + ", ".join(c.name for c in schema.columns), severity="warning")
            continue
        if column.name in positions:
            report.add(raw.path, 1, header, "column-duplicate",
                       f"столбец «{column.name}» встречается дважды: удалите лишний")
            return None
        positions[column.name] = index
    missing = [c for c in schema.columns if c.name not in positions and c.required]
    for column in missing:
        report.add(raw.path, 1, column.name, "column-missing",
                   f"нет обязательного столбца «{column.name}» ({column.title}): добавьте его в первую строку")
    return None if missing else positions


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


_MISSING_REFERENCE = {
    "organization_id": "орган «{id}» не найден в organizations.yaml: добавьте его туда или исправьте идентификатор.",
    "service_id": "услуга «{id}» не найдена в services.csv: добавьте её туда или исправьте идентификатор.",
}


def check_references(path: str, frame: pd.DataFrame, column: str, known: set[str] | None,
                     report: Report) -> pd.DataFrame:
    """Report ids not in `known`; return the rows that refer to known ids. `known` is None when the
    list they refer to could not be read: then nothing is checked (validate says so once), rather
    than every reference reported as unknown."""
    if frame is None or frame.empty or known is None:
        return frame
    unknown = ~frame[column].isin(known) & frame[column].notna()  # an optional reference may be empty
    for _, row in frame[unknown].iterrows():
        guess = difflib.get_close_matches(str(row[column]), sorted(known), n=1)
        hint = f" Возможно, имелось в виду «{guess[0]}»." if guess else ""
        report.add(path, int(row[ROW]), column, "id-unknown",
                   _MISSING_REFERENCE[column].format(id=row[column]) + hint)
    return frame[~unknown].reset_index(drop=True)
