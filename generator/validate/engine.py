"""A table DuckDB holds (load/big_csv.py) checked as typed_table checks a RawTable: the same problems
(file, row, column, code, Russian message, in the same order) and the same values, a column at a
time in SQL and numpy; only the rows with a problem are brought into Python.

- An int column: a cell is accepted where it is a plain count (ASCII digits) inside the column's
  range, or empty where the column is optional — what typed_table accepts without its cell parse.
- Any other column: each distinct text is stripped and parsed once, by typed_table's own parse
  (parse_cell), and DuckDB gives every row the number of its text (an ENUM code).
- A row with a cell not accepted goes through typed_table's cell-by-cell parse (_parse_row), which
  words the problem, or accepts a spelling the fast rules leave to it (`1 024`); a blank row is
  skipped, as tables.py skips it.

Text, reference and code columns come as pandas categoricals: each distinct text is held once and
grouping by them is integer work. Their values are those typed_table gives (a `str` column there).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from generator.load.big_csv import EngineTable
from generator.problems import Report
from generator.validate.schema import _PLAIN_COUNT_DIGITS, Column, TableSchema, parse_cell
from generator.validate.tables import ROW, _check_keys, _map_columns, _parse_row, _with_dtypes

ENGINE_KINDS = frozenset({"int", "ref", "text", "enum", "bool"})
_SAMPLE_ROWS = 100_000  # rows looked at to tell a column of repeating texts from one of distinct texts
_EMPTY, _NOT_PLAIN = -1, -2  # an int column's empty cell; a cell that is not a plain count


def checkable(schema: TableSchema) -> bool:
    """Can the engine check tables of this schema? Row checks see a whole row in Python, and without a
    required column a blank row would pass the fast rules (tables.py drops it before the checks)."""
    return (not schema.row_checks and all(c.kind in ENGINE_KINDS for c in schema.columns)
            and any(c.required for c in schema.columns))


@dataclass
class _Values:
    """One column's parsed values: ints (with `none` where empty) or codes into `categories` (-1: none)."""

    column: Column
    data: np.ndarray
    ok: np.ndarray
    none: np.ndarray | None = None  # int columns
    categories: list = field(default_factory=list)  # coded columns

    def put(self, index: int, value) -> None:
        """A value the cell-by-cell parse gave."""
        if self.none is not None:
            self.none[index] = value is None
            self.data[index] = 0 if value is None else value
        elif value is None:
            self.data[index] = -1
        else:
            if value not in self.categories:
                self.categories.append(value)
            self.data[index] = self.categories.index(value)


def engine_typed_table(table: EngineTable, schema: TableSchema, report: Report) -> pd.DataFrame | None:
    """typed_table of a table DuckDB holds; the connection is closed once the frame is built."""
    try:
        positions = _map_columns(table, schema, report)
        if positions is None:
            return None
        columns = _fetch(table, schema, positions)
        accepted = np.ones(table.rows_count, dtype=bool)
        for values in columns.values():
            accepted &= values.ok
        keep = accepted.copy()
        for index, cells in _rows_to_parse(table, np.flatnonzero(~accepted)):
            record = _parse_row(table.path, index + 2, cells, positions, schema, report, {})
            if record is not None:
                for name, values in columns.items():
                    values.put(index, record[name])
                keep[index] = True
        frame = _frame(columns, keep, schema)
    finally:
        table.close()
    _check_keys(table.path, frame, schema, report)
    return frame


def _fetch(table: EngineTable, schema: TableSchema, positions: dict[str, int]) -> dict[str, _Values]:
    """Every column's values and which cells the fast rules accept, in one pass over the table."""
    connection, count = table.connection, table.rows_count
    mapped = [(column, positions[column.name]) for column in schema.columns if column.name in positions]
    few = _few_texts(connection, [position for _, position in mapped])
    columns, select, coded = {}, [], {}
    for column in schema.columns:
        position = positions.get(column.name)
        if position is None:  # an optional column the file does not have: empty everywhere
            empty = np.ones(count, dtype=bool)
            columns[column.name] = (_Values(column, np.zeros(count, dtype=np.int64), empty, none=empty.copy())
                                    if column.kind == "int" else _Values(column, np.full(count, -1, dtype=np.int32), empty))
        elif position in few:
            coded[column.name] = _coded(column, _enum(connection, position))
            select.append(f"enum_code(CAST(c{position} AS e{position})) AS {column.name}")
        elif column.kind == "int":
            select.append(f"{_int_sql(column, f'c{position}')} AS {column.name}")
        else:
            columns[column.name] = _many_texts(connection, column, position, count)
    fetched = connection.execute("SELECT rowid, " + ", ".join(select) + " FROM cells").fetchnumpy() if select else {}
    if select:  # a parallel scan may hand the rows over out of order: each goes back to its place
        fetched = _in_row_order(fetched)
    for column in schema.columns:
        if column.name in coded:
            codes = np.asarray(fetched[column.name])  # the ENUM's own small integers: no widening copy
            to_category, ok, categories = coded[column.name]
            if column.kind == "int":  # the category's number → the count itself
                numbers = np.array([*categories, 0], dtype=np.int64)[to_category]
                columns[column.name] = _Values(column, numbers[codes], ok[codes], none=(to_category < 0)[codes])
            else:
                columns[column.name] = _Values(column, to_category[codes], ok[codes], categories=categories)
        elif column.name in fetched:
            numbers = np.ma.filled(fetched[column.name], _NOT_PLAIN).astype(np.int64)
            empty = numbers == _EMPTY
            ok = (numbers >= 0) | (empty & (not column.required))
            columns[column.name] = _Values(column, np.where(numbers >= 0, numbers, 0), ok, none=empty)
    return {c.name: columns[c.name] for c in schema.columns}


def _few_texts(connection, positions: list[int]) -> set[int]:
    """The columns whose first rows repeat their texts (codes, scores, dates, services): numbered by
    an ENUM. A column of mostly distinct texts (questionnaire numbers, comments) is read otherwise."""
    if not positions:
        return set()
    counts = connection.execute("SELECT " + ", ".join(f"count(DISTINCT c{p})" for p in positions)
                                + f" FROM (SELECT * FROM cells LIMIT {_SAMPLE_ROWS})").fetchone()
    sampled = min(_SAMPLE_ROWS, connection.execute("SELECT count(*) FROM cells").fetchone()[0])
    return {p for p, distinct in zip(positions, counts) if distinct * 10 <= max(sampled, 10)}


def _enum(connection, position: int) -> list[str]:
    """The column's distinct texts, in the order of its ENUM type (created here)."""
    connection.execute(f"CREATE TYPE e{position} AS ENUM (SELECT DISTINCT c{position} FROM cells)")
    return connection.execute(f"SELECT enum_range(NULL::e{position})").fetchone()[0]


def _in_row_order(fetched: dict) -> dict:
    rows = np.asarray(fetched.pop("rowid"), dtype=np.int64)
    if (rows[1:] > rows[:-1]).all():
        return fetched
    ordered = {}
    for name, values in fetched.items():
        placed = np.ma.empty(len(rows), dtype=values.dtype) if np.ma.isMaskedArray(values) else np.empty_like(values)
        placed[rows] = values
        ordered[name] = placed
    return ordered


def _int_sql(column: Column, cell: str) -> str:
    """A plain count inside the range → its value, an empty cell → -1, anything else → NULL."""
    low, high = column.minimum, column.maximum
    if low is not None and high is not None and 0 <= low and high - low <= 100:
        spellings = [str(v) for v in range(int(np.ceil(low)), int(np.floor(high)) + 1)]
        plain = f"{cell} IN ({', '.join(repr(s) for s in spellings) or 'NULL'})"
    else:
        plain = f"regexp_full_match({cell}, '[0-9]{{1,{_PLAIN_COUNT_DIGITS}}}')"
        if low is not None:
            plain += f" AND TRY_CAST({cell} AS BIGINT) >= {low!r}"
        if high is not None:
            plain += f" AND TRY_CAST({cell} AS BIGINT) <= {high!r}"
    return f"CASE WHEN {plain} THEN TRY_CAST({cell} AS BIGINT) WHEN {cell} = '' THEN {_EMPTY} END"


def _parsed(column: Column, text: str) -> tuple[object, bool]:
    """(value, accepted) of a cell, stripped, by typed_table's own parse."""
    text = text.strip()
    if not text:
        return None, not column.required
    value, problem = parse_cell(column, text)
    return value, problem is None


def _coded(column: Column, texts: list[str]) -> tuple[np.ndarray, np.ndarray, list]:
    """For each distinct text: its category (-1: none) and whether the fast rules accept it."""
    parsed = [_parsed(column, text) for text in texts]
    categories = sorted({value for value, ok in parsed if ok and value is not None})
    number = {value: index for index, value in enumerate(categories)}
    to_category = np.array([number.get(value, -1) if ok else -1 for value, ok in parsed] or [-1], dtype=np.int32)
    ok = np.array([ok for _, ok in parsed] or [False], dtype=bool)
    return to_category, ok, categories


def _many_texts(connection, column: Column, position: int, count: int) -> _Values:
    """A column of mostly distinct texts (free comments): only its non-empty cells are fetched."""
    fetched = connection.execute(f"SELECT rowid, c{position} FROM cells WHERE c{position} <> ''").fetchnumpy()
    rows, texts = fetched["rowid"], fetched[f"c{position}"]
    ok = np.full(count, not column.required, dtype=bool)
    number, data = {}, np.full(count, -1, dtype=np.int32)
    for row, text in zip(rows.tolist(), texts.tolist()):
        value, ok[row] = _parsed(column, text)
        if ok[row] and value is not None:
            data[row] = number.setdefault(value, len(number))
    categories = list(number)
    return _Values(column, data, ok, categories=categories)


def _rows_to_parse(table: EngineTable, indexes: np.ndarray):
    """(index, stripped cells) of the rows a cell of which the fast rules did not accept; blank rows
    (every cell empty or spaces) are skipped, as tables.py skips them."""
    if not len(indexes):
        return
    connection = table.connection
    connection.register("to_parse", pd.DataFrame({"r": indexes.astype(np.int64)}))
    for row in connection.execute("SELECT rowid, * FROM cells WHERE rowid IN (SELECT r FROM to_parse) "
                                  "ORDER BY rowid").fetchall():
        if "".join(row[1:]).strip():
            yield row[0], [cell.strip() for cell in row[1:]]
    connection.unregister("to_parse")


def _frame(columns: dict[str, _Values], keep: np.ndarray, schema: TableSchema) -> pd.DataFrame:
    """The typed frame of the kept rows, with the dtypes typed_table's frame has (text as categoricals)."""
    names = [c.name for c in schema.columns]
    kept = np.flatnonzero(keep)
    whole = len(kept) == len(keep)  # the usual: every row kept, nothing to select
    data = {}
    for name, values in columns.items():
        codes = values.data if whole else values.data[kept]
        if not len(kept):
            data[name] = []
        elif values.none is not None:
            data[name] = _numbers(codes, values.none if whole else values.none[kept])
        elif values.column.kind == "bool":
            data[name] = _flags(codes, values.categories)
        else:
            data[name] = _categorical(codes, values.categories)
    data[ROW] = kept.astype(np.int64) + 2
    return _with_dtypes(pd.DataFrame(data, columns=names + [ROW], copy=False), schema)


def _numbers(data: np.ndarray, none: np.ndarray):
    """As pandas makes a column of a list of ints and Nones: int64, float64 with NaN, or all None."""
    if not none.any():
        return data
    if none.all():
        return np.full(len(data), None, dtype=object)
    numbers = data.astype(np.float64)
    numbers[none] = np.nan
    return numbers


def _flags(codes: np.ndarray, categories: list) -> np.ndarray:
    """A yes/no column: bool, or objects (True, False, None) where some cell is empty."""
    if (codes >= 0).all():
        return np.array(categories, dtype=bool)[codes]
    return np.array([*categories, None], dtype=object)[codes]


def _categorical(codes: np.ndarray, categories: list) -> pd.Categorical:
    """Categories in sorted order, so that a groupby(sort=True) walks them as it walks text."""
    small = np.int16 if len(categories) < 1 << 15 else np.int32
    if categories != sorted(categories):
        order = sorted(range(len(categories)), key=categories.__getitem__)
        renumber = np.full(len(categories) + 1, -1, dtype=np.int64)
        renumber[order] = np.arange(len(order))
        codes, categories = renumber[codes], [categories[i] for i in order]
    return pd.Categorical.from_codes(codes.astype(small), categories)
