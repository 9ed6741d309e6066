"""The second header row of a filled template: the English codes of the columns under their Russian
headers (`transparency templates`, generator/templates_xlsx.py), skipped before the cells are read.

It is told apart from data by the schema, not by its looks: it is the spreadsheet's row 2 and each of
its non-empty cells is the code of the very column its header names. The rows after it keep their
spreadsheet numbers, so a message about the first filled row says «строка 3», as Excel shows it.
Tables read in memory (load/tables.py) and by DuckDB (load/big_csv.py: a big CSV saved from a
template) are told apart alike, by their first row.
"""
from __future__ import annotations

import dataclasses

from generator.load.big_csv import EngineTable
from generator.load.tables import RawTable
from generator.validate.schema import TableSchema, normalize_header


def without_code_row(raw: RawTable | EngineTable, positions: dict[str, int], schema: TableSchema):
    """`raw` without its row of column codes, or `raw` itself when it has none. `positions`: the
    column each code's header is in. A table given one file per value (survey/<organ>.xlsx) carries
    that value in its split column on every row, the code row too; that column is not looked at.
    A table DuckDB holds loses the row in place (its cells are a view, dropped without a copy)."""
    first = raw.first_rows(1)
    if not first or first[0][0] != 2 or not is_code_row(first[0][1], positions, schema):
        return raw
    if isinstance(raw, EngineTable):
        raw.drop_first_row()
        return raw
    return dataclasses.replace(raw, rows=raw.rows[1:], row_numbers=raw.row_numbers[1:])


def is_code_row(cells: list[str], positions: dict[str, int], schema: TableSchema) -> bool:
    """Each non-empty cell (one at least) is the code of the column its header names."""
    code_at = {index: name for name, index in positions.items() if name != schema.split_by}
    split_at = positions.get(schema.split_by) if schema.split_by else None
    codes = 0
    for index, cell in enumerate(cells):
        if not cell.strip() or index == split_at:
            continue
        if normalize_header(cell) != code_at.get(index):
            return False
        codes += 1
    return codes > 0
