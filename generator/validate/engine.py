"""A table the engine read (pyarrow's CSV reader, load/big_csv.py) checked as typed_table checks a
RawTable: the same problems (file, row, column, code, Russian message, in the same order) and the
same values, a column at a time in pyarrow and numpy; only the rows with a problem are brought into
Python.

- An int column: a cell is accepted where it is a plain count (ASCII digits) inside the column's
  range, or empty where the column is optional — what typed_table accepts without its cell parse.
- Any other column: each distinct text is stripped and parsed once, by typed_table's own parse
  (parse_cell), and pyarrow gives every row the number of its text (dictionary encoding; texts of
  one or two bytes, such as points 1–5, are numbered off their bytes). The frame's column is then
  one lookup per row in a table made per text.
- The columns are worked through on as many threads as the build may use cores (pyarrow and numpy
  let go of the interpreter while they go through millions of cells).
- A row with a cell not accepted goes through typed_table's cell-by-cell parse (_parse_row), which
  words the problem, or accepts a spelling the fast rules leave to it (`1 024`); a blank row is
  skipped, as tables.py skips it.

Text, reference and code columns come as pandas categoricals: each distinct text is held once and
grouping by them is integer work. Their values are those typed_table gives (a `str` column there).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from generator.load.big_csv import EngineTable
from generator.problems import Report
from generator.resources import in_threads
from generator.validate.code_row import without_code_row
from generator.validate.schema import _PLAIN_COUNT_DIGITS, Column, TableSchema, parse_cell
from generator.validate.tables import ROW, _check_keys, _map_columns, _parse_row, _with_dtypes

ENGINE_KINDS = frozenset({"int", "ref", "text", "enum", "bool"})
_SAMPLE_ROWS = 100_000  # rows looked at to tell a column of repeating texts from one of distinct texts


def checkable(schema: TableSchema) -> bool:
    """Can the engine check tables of this schema? Row checks see a whole row in Python, and without a
    required column a blank row would pass the fast rules (tables.py drops it before the checks)."""
    return (not schema.row_checks and all(c.kind in ENGINE_KINDS for c in schema.columns)
            and any(c.required for c in schema.columns))


@dataclass
class _Values:
    """One column's parsed values: ints (with `none` where empty) or codes into `categories` (-1: none).
    `ok`: which cells the fast rules accept; None when they accept every one."""

    column: Column
    data: np.ndarray
    ok: np.ndarray | None
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

    def frame_data(self, kept: np.ndarray, whole: bool):
        """The frame's column of the `kept` rows (all of them when `whole`)."""
        data = self.data if whole else self.data[kept]
        if self.none is not None:
            return _numbers(data, self.none if whole else self.none[kept])
        return _flags(data, self.categories) if self.column.kind == "bool" else _categorical(data, self.categories)


class _Coded:
    """A column of few distinct texts (codes, scores, dates, services): each row holds the number of
    its text (dictionary encoding), each text is parsed once; what the cell-by-cell parse gives for a
    row is kept aside. The frame's column is then one lookup per row in a table made per text."""

    def __init__(self, column: Column, codes: np.ndarray, texts: list[str]) -> None:
        self.column, self.codes = column, codes
        self.to_category, accepted, self.categories = _coded(column, texts)
        self.ok = None if accepted.all() else accepted[codes]
        self.changed: dict[int, int] = {}  # row → its category (-1: none), from the cell-by-cell parse

    def put(self, index: int, value) -> None:
        if value is not None and value not in self.categories:
            self.categories.append(value)
        self.changed[index] = -1 if value is None else self.categories.index(value)

    def frame_data(self, kept: np.ndarray, whole: bool):
        if whole and not self.changed:  # the usual: every text of the dictionary is in some row
            return self._per_text()
        category = self.to_category[self.codes]
        for index, number in self.changed.items():
            category[index] = number
        category = category if whole else category[kept]
        kind = self.column.kind
        if kind == "int":
            return _numbers(np.array([*self.categories, 0], dtype=np.int64)[category], category < 0)
        return _flags(category, self.categories) if kind == "bool" else _categorical(category, self.categories)

    def _per_text(self):
        """frame_data of every row, none of them parsed again: the same values, a table per text."""
        to_category, categories, kind = self.to_category, self.categories, self.column.kind
        missing = to_category < 0
        if kind == "int":
            if missing.all():
                return np.full(len(self.codes), None, dtype=object)
            numbers = np.array([*categories, 0], dtype=np.int64)[to_category]
            if missing.any():  # as _numbers: floats, NaN where empty
                numbers = numbers.astype(np.float64)
                numbers[missing] = np.nan
            return numbers[self.codes]
        if kind == "bool":
            table = np.array(categories, dtype=bool)[to_category] if not missing.any() else \
                np.array([*categories, None], dtype=object)[to_category]
            return table[self.codes]
        small = np.int16 if len(categories) < 1 << 15 else np.int32
        return pd.Categorical.from_codes(to_category.astype(small)[self.codes], categories, validate=False)


def engine_typed_table(table: EngineTable, schema: TableSchema, report: Report) -> pd.DataFrame | None:
    """typed_table of a table the engine read; its cells are let go once the frame is built."""
    try:
        positions = _map_columns(table, schema, report)
        if positions is None:
            return None
        without_code_row(table, positions, schema)  # a big CSV saved from a filled template
        columns = _fetch(table, schema, positions)
        accepted = np.ones(table.rows_count, dtype=bool)
        for values in columns.values():
            if values.ok is not None:
                accepted &= values.ok
        keep = accepted.copy()
        for index, cells in _rows_to_parse(table, np.flatnonzero(~accepted)):
            record = _parse_row(table.path, index + table.first_row, cells, positions, schema, report, {})
            if record is not None:
                for name, values in columns.items():
                    values.put(index, record[name])
                keep[index] = True
        frame = _frame(columns, keep, schema, table.first_row)
    finally:
        table.close()
    if not _distinct_numbers(frame, schema):
        _check_keys(table.path, frame, schema, report)
    return frame


def _distinct_numbers(frame: pd.DataFrame, schema: TableSchema) -> bool:
    """True when the key is one whole-number column whose values are certainly all different: counted
    in one pass (questionnaire numbers 1…n), where the general check hashes every row. False leaves
    the answer, and the wording of every repeat, to _check_keys."""
    if len(schema.key) != 1 or frame.empty or frame[schema.key[0]].dtype != np.int64:
        return False
    numbers = frame[schema.key[0]].to_numpy()
    if bool((numbers[1:] > numbers[:-1]).all()):  # numbered in order, as questionnaires usually are
        return True
    low, high = int(numbers.min()), int(numbers.max())
    if high - low >= 4 * len(numbers) + 1024:
        return False
    seen = np.zeros(high - low + 1, dtype=bool)
    seen[numbers - low] = True
    return int(np.count_nonzero(seen)) == len(numbers)


def _fetch(table: EngineTable, schema: TableSchema, positions: dict[str, int]) -> dict[str, _Values | _Coded]:
    """Every column's values and which cells the fast rules accept."""
    cells, count = table.cells, table.rows_count
    jobs = [partial(_absent, column, count) if column.name not in positions else
            partial(_column, column, cells.column(positions[column.name]), count) for column in schema.columns]
    return dict(zip((c.name for c in schema.columns), in_threads(jobs)))


def _column(column: Column, cells, count: int) -> _Values | _Coded:
    """A column whose first rows repeat their texts (codes, scores, dates, services) is numbered by
    its texts; one of mostly distinct texts (questionnaire numbers, comments) is read otherwise."""
    import pyarrow.compute as pc

    sample = cells.slice(0, _SAMPLE_ROWS)
    if pc.count_distinct(sample).as_py() * 10 <= max(len(sample), 10):
        return _coded_column(column, cells)
    return _counts(column, cells) if column.kind == "int" else _many_texts(column, cells, count)


def _absent(column: Column, count: int) -> _Values:
    if column.kind == "int":
        return _Values(column, np.zeros(count, dtype=np.int64), None, none=np.ones(count, dtype=bool))
    return _Values(column, np.full(count, -1, dtype=np.int32), None)


def _coded_column(column: Column, cells) -> _Coded:
    """A column of few distinct texts, numbered by pyarrow's dictionary encoding (or by their bytes,
    when they are that short)."""
    import pyarrow.compute as pc

    short = _short_texts(cells)
    if short is not None:
        return _Coded(column, *short)
    encoded = pc.dictionary_encode(cells).chunks
    # the chunks share one dictionary, grown chunk by chunk: the last one's holds every text
    texts = encoded[-1].dictionary.to_pylist() if encoded else []
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded] or [np.zeros(0, np.int32)])
    return _Coded(column, codes, texts)


_SHORT = 1 + 256 + 256 * 256  # the empty text, a text of one byte, a text of two bytes


def _short_texts(cells) -> tuple[np.ndarray, list[str]] | None:
    """(each row's number of its text, the texts) of a column whose every cell has at most two bytes
    (points 1–5, a digit, a letter): read off the bytes themselves, no hashing of millions of texts.
    None for any other column."""
    import pyarrow as pa

    keys = np.empty(len(cells), dtype=np.int32)
    start = 0
    for chunk in cells.chunks:
        if chunk.type != pa.string() or chunk.null_count:
            return None
        _, offsets, data = chunk.buffers()
        offsets = np.frombuffer(offsets, dtype=np.int32, count=len(chunk) + 1, offset=4 * chunk.offset)
        lengths = np.diff(offsets)
        if len(lengths) and lengths.max() > 2:
            return None
        data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
        key = keys[start:start + len(chunk)]
        key[:] = 0  # the empty text
        one, two = lengths == 1, lengths == 2
        key[one] = 1 + data[offsets[:-1][one]].astype(np.int32)
        first = offsets[:-1][two]
        key[two] = 257 + 256 * data[first].astype(np.int32) + data[first + 1]
        start += len(chunk)
    seen = np.zeros(_SHORT, dtype=bool)
    seen[keys] = True
    present = np.flatnonzero(seen)
    try:
        texts = [bytes(_bytes_of(int(key))).decode("utf-8") for key in present]
    except UnicodeDecodeError:
        return None
    number = np.full(_SHORT, -1, dtype=np.int32)
    number[present] = np.arange(len(present), dtype=np.int32)
    return number[keys], texts


def _bytes_of(key: int) -> list[int]:
    if key == 0:
        return []
    return [key - 1] if key <= 256 else [(key - 257) // 256, (key - 257) % 256]


def _counts(column: Column, cells) -> _Values:
    """An int column of mostly distinct numbers: plain counts inside the range read in C (pyarrow);
    an empty cell is none, accepted where the column is optional; anything else is left to the
    cell-by-cell parse."""
    import pyarrow as pa
    import pyarrow.compute as pc

    low, high = column.minimum, column.maximum
    lengths = pc.binary_length(cells)
    if low is not None and high is not None and 0 <= low and high - low <= 100:  # the spellings themselves
        spellings = pa.array([str(v) for v in range(int(np.ceil(low)), int(np.floor(high)) + 1)], type=pa.string())
        plain = pc.is_in(cells, value_set=spellings)
    else:
        plain = pc.and_(pc.ascii_is_decimal(cells), pc.less_equal(lengths, _PLAIN_COUNT_DIGITS))
    every = pc.all(plain).as_py() is not False  # the usual: questionnaire numbers, nothing else
    numbers = pc.cast(cells, pa.int64()) if every else \
        pc.cast(pc.if_else(plain, cells, pa.scalar(None, pa.string())), pa.int64()).fill_null(0)
    numbers = numbers.to_numpy(zero_copy_only=False)
    if not numbers.flags.writeable:  # Arrow's own memory: rows parsed later are put here
        numbers = numbers.copy()
    accepted = np.ones(len(numbers), dtype=bool) if every else plain.to_numpy(zero_copy_only=False)
    if low is not None:
        accepted &= numbers >= low
    if high is not None:
        accepted &= numbers <= high
    empty = np.zeros(len(numbers), dtype=bool) if every else \
        pc.equal(lengths, 0).to_numpy(zero_copy_only=False).copy()
    ok = accepted | (empty & (not column.required))
    return _Values(column, numbers, None if ok.all() else ok, none=empty)


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


def _many_texts(column: Column, cells, count: int) -> _Values:
    """A column of mostly distinct texts (free comments): only its non-empty cells are looked at."""
    import pyarrow.compute as pc

    rows = np.flatnonzero(pc.not_equal(cells, "").to_numpy(zero_copy_only=False))
    ok = np.full(count, not column.required, dtype=bool)
    number, data = {}, np.full(count, -1, dtype=np.int32)
    for row, text in zip(rows.tolist(), cells.take(rows).to_pylist()):
        value, ok[row] = _parsed(column, text)
        if ok[row] and value is not None:
            data[row] = number.setdefault(value, len(number))
    return _Values(column, data, None if ok.all() else ok, categories=list(number))


def _rows_to_parse(table: EngineTable, indexes: np.ndarray):
    """(index, stripped cells) of the rows a cell of which the fast rules did not accept; blank rows
    (every cell empty or spaces) are skipped, as tables.py skips them."""
    if not len(indexes):
        return
    for index, row in zip(indexes.tolist(), table.cells.take(indexes).to_pylist()):
        cells = list(row.values())
        if "".join(cells).strip():
            yield index, [cell.strip() for cell in cells]


def _frame(columns: dict[str, _Values | _Coded], keep: np.ndarray, schema: TableSchema,
           first_row: int) -> pd.DataFrame:
    """The typed frame of the kept rows, with the dtypes typed_table's frame has (text as categoricals)."""
    names = [c.name for c in schema.columns]
    whole = bool(keep.all())  # the usual: every row kept, nothing to select
    kept = np.arange(len(keep), dtype=np.int64) if whole else np.flatnonzero(keep)
    made = in_threads([partial(values.frame_data, kept, whole) for values in columns.values()]) if len(kept) else \
        [[] for _ in columns]
    data = dict(zip(columns, made))
    kept += first_row  # the spreadsheet row
    data[ROW] = kept
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
