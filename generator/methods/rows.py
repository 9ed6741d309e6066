"""A period's tables split by organ or service in one pass, for the plugins' computations.

Why: at region scale (hundreds of organs, thousands of services, several periods) selecting each
organ's rows with a boolean mask reads the whole table once per organ, and summing a few columns of
a small DataFrame costs more than the arithmetic itself. So each table is split once per period:
`split_by` into the same DataFrames a mask would select, or `rows_by_organ` into plain records, on
which a plugin's formulas sum exactly the values the DataFrame holds (`to_dict("records")`: Python
ints and bools, the exact Fractions of number columns), so no figure changes.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

Row = Mapping[str, object]
Rows = Sequence[Row]


def records(table: pd.DataFrame | Iterable[Row] | None) -> list[dict]:
    """A table as a list of records; records stay as they are (a new list)."""
    if table is None:
        return []
    if isinstance(table, pd.DataFrame):
        return table.to_dict("records")
    return list(table)


def rows_by_organ(table: pd.DataFrame) -> dict[str, list[dict]]:
    """organization_id → the organ's records, in the order of the table: one pass for all organs."""
    groups: dict[str, list[dict]] = {}
    for row in records(table):
        groups.setdefault(row["organization_id"], []).append(row)
    return groups


def split_by(frame: pd.DataFrame, key) -> dict[object, pd.DataFrame]:
    """The rows of `frame` by the value of `key` (a column, or a Series beside the frame): each part
    exactly what `frame[key == value]` selects (same rows, order, index), for every value at once.
    A value that is missing (NaN) gets no part, as no mask would select it."""
    if frame.empty:
        return {}
    return dict(iter(frame.groupby(key, sort=False)))


def part_of(parts: dict[object, pd.DataFrame], value, frame: pd.DataFrame) -> pd.DataFrame:
    """The part of `value`, or no rows of `frame` (its columns and types) when it has none."""
    part = parts.get(value)
    return frame.iloc[0:0] if part is None else part


def total(rows: Rows, column: str) -> int:
    """The sum of a count column (a flag column: how many rows have it)."""
    return int(sum(row[column] for row in rows))


def ordered(rows: Rows, column: str, descending: bool = False, dtype=object) -> list:
    """The rows sorted by `column` exactly as `DataFrame.sort_values(column)` orders them, ties
    included (its default sort is not stable, so a plain `sorted` could order equal values otherwise
    than the pages always did). `dtype`: the column's (object for text, "int64" for counts)."""
    items = np.array([row[column] for row in rows], dtype=dtype)
    index = np.arange(len(items))
    if descending:  # as pandas' nargsort: reverse, sort, reverse
        items, index = items[::-1], index[::-1]
    order = index[items.argsort(kind="quicksort")]
    return [rows[i] for i in (order[::-1] if descending else order)]
