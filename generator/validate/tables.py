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
    for number, cells in zip(raw.row_numbers, raw.rows):
        record = _parse_row(raw.path, number, cells, positions, schema, report)
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


def _column_for(header: str, schema: TableSchema) -> Column | None:
    wanted = normalize_header(header)
    return next((c for c in schema.columns if wanted in c.headers()), None)


def _parse_row(path: str, number: int, cells: list[str], positions: dict[str, int],
               schema: TableSchema, report: Report) -> dict | None:
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
    if frame.empty:
        return
    duplicated = frame[frame.duplicated(list(schema.key), keep="first")]
    for _, row in duplicated.iterrows():
        key = ", ".join(f"{k} = «{row[k]}»" for k in schema.key if row[k] is not None and row[k] == row[k])
        first = frame[(frame[list(schema.key)] == row[list(schema.key)]).all(axis=1)][ROW].iloc[0]
        report.add(path, int(row[ROW]), schema.key[-1], "id-duplicate",
                   f"повтор записи ({key}), она уже есть в строке {first}: удалите одну из строк")


_MISSING_REFERENCE = {
    "organization_id": "орган «{id}» не найден в organizations.yaml: добавьте его туда или исправьте идентификатор.",
    "service_id": "услуга «{id}» не найдена в services.csv: добавьте её туда или исправьте идентификатор.",
}


def check_references(path: str, frame: pd.DataFrame, column: str, known: set[str], report: Report) -> pd.DataFrame:
    """Report ids not in `known`; return the rows that refer to known ids."""
    if frame is None or frame.empty:
        return frame
    unknown = ~frame[column].isin(list(known)) & frame[column].notna()  # an optional reference may be empty
    for _, row in frame[unknown].iterrows():
        guess = difflib.get_close_matches(str(row[column]), sorted(known), n=1)
        hint = f" Возможно, имелось в виду «{guess[0]}»." if guess else ""
        report.add(path, int(row[ROW]), column, "id-unknown",
                   _MISSING_REFERENCE[column].format(id=row[column]) + hint)
    return frame[~unknown].reset_index(drop=True)
