"""A period's tables as a methodology's schemas name them, typed, and where each came from.

A table comes as a file of the period folder (`requests.csv`, `responses.xlsx`), as a folder of
files one per value of a column (`survey/<organ>.xlsx`), or as sheets titled for it in those
workbooks (their sheet «Предложения»); a file or sheet no schema names is reported and skipped.
"""
from __future__ import annotations

import dataclasses
from pathlib import PurePosixPath

import pandas as pd

from generator.dataset import TableOrigin
from generator.load import RawDataset, TableKey
from generator.load.tables import RawTable
from generator.problems import Report
from generator.validate.schema import TableSchema
from generator.validate.tables import IdList, check_references, column_position, typed_table

# Workbooks the generator itself writes into a period folder for a person to fill in (the review
# of comments, `transparency comments`, generator/review.py): read by their own reader, not tables.
OWN_WORKBOOKS = frozenset({"comments_review"})

Tables = dict[TableKey, RawTable]


def period_tables(raw: RawDataset, period_name: str, inputs: tuple[TableSchema, ...], code: str,
                  known: dict[str, IdList], report: Report) -> tuple[dict[str, pd.DataFrame], dict[str, TableOrigin]]:
    """Every table `inputs` names (empty when not given) and its origin; `code` is the methodology's,
    for the messages about files it does not use."""
    tables = raw.periods.get(period_name, {})
    typed, origins = {}, {}
    for schema in inputs:
        unreadable = raw.unreadable_file(f"periods/{period_name}/{schema.name}") is not None
        typed[schema.name] = _period_table(period_name, schema, tables, known, report, unreadable)
        origins[schema.name] = _origin(period_name, schema, tables)
    _report_unused(tables, inputs, code, report)
    return typed, origins


def _origin(period_name: str, schema: TableSchema, tables: Tables) -> TableOrigin:
    """The file the table was read from; for a table given one file per value, their folder (or, given
    only as sheets, the folder of their workbooks and the sheet); the CSV it would be when not given."""
    raw = tables.get(TableKey((), schema.name))
    if raw is not None:
        return raw.origin
    if any(key.folders and key.folders[0] == schema.name for key in tables):
        return TableOrigin(f"periods/{period_name}/{schema.name}/")
    sheets = _sheet_parts(schema, tables)
    if sheets:
        first = next(iter(sheets.values())).origin
        return TableOrigin(f"{PurePosixPath(first.path).parent.as_posix()}/", first.sheet)
    return TableOrigin(f"periods/{period_name}/{schema.filename}", given=False)


def _period_table(period_name: str, schema: TableSchema, tables: Tables, known: dict[str, IdList],
                  report: Report, unreadable: bool) -> pd.DataFrame:
    empty = pd.DataFrame(columns=[c.name for c in schema.columns] + ["_row"])
    raw = tables.get(TableKey((), schema.name))
    parts = {"/".join((*key.folders[1:], key.stem)): table for key, table in tables.items()
             if key.folders and key.folders[0] == schema.name and key.sheet is None}
    for value, sheet in _sheet_parts(schema, tables).items():
        if value in parts:
            report.add(sheet.path, None, None, "table-given-twice",
                       f"{schema.title} органа «{value}» даны дважды — на этом листе и в файле "
                       f"{parts[value].path}: оставьте одно")
            continue
        parts[value] = sheet
    if schema.split_by and parts and raw is None:
        return _split_table(parts, schema, known, report)
    if raw is None:
        if schema.required and not unreadable:
            report.add(f"periods/{period_name}/{schema.filename}", None, None, "file-missing",
                       f"нет таблицы {schema.filename} ({schema.title}) за период {period_name}: добавьте её")
        return empty
    frame = typed_table(raw, schema, report)
    if frame is None:
        return empty
    for column in schema.columns:
        if column.ref:
            frame = check_references(raw.path, frame, column.name, known[column.ref], report)
    return frame


def _split_table(parts: dict[str, RawTable], schema: TableSchema, known: dict[str, IdList],
                 report: Report) -> pd.DataFrame:
    """One table from files named after a column's value (e.g. a workbook per organ)."""
    frames = []
    for value, raw in sorted(parts.items()):
        # the file's own column of the value, under any of its headers («Исполнительный орган»)
        position = column_position(raw, schema.column(schema.split_by))
        if position is None:
            width = len(raw.header)  # the value goes in a column of its own, after the header's last
            raw = RawTable(raw.path, [*raw.header, schema.split_by],
                           [[*r[:width], *[""] * (width - len(r)), value] for r in raw.rows], raw.row_numbers,
                           origin=raw.origin)
        else:  # its cells may be left empty: the file's name gives them
            raw = dataclasses.replace(raw, rows=[_with_value(r, position, value) for r in raw.rows])
        frame = typed_table(raw, schema, report)
        if frame is not None:
            for column in schema.columns:
                if column.ref:
                    frame = check_references(raw.path, frame, column.name, known[column.ref], report)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[c.name for c in schema.columns] + ["_row"])


def _with_value(cells: list[str], position: int, value: str) -> list[str]:
    """The row with `value` in its empty cell at `position`; a blank row stays blank (it is skipped)."""
    if (position < len(cells) and cells[position].strip()) or not any(cell.strip() for cell in cells):
        return cells
    filled = [*cells, *[""] * (position + 1 - len(cells))]
    filled[position] = value
    return filled


def _report_unused(tables: Tables, inputs: tuple[TableSchema, ...], code: str, report: Report) -> None:
    used = {s.name for s in inputs} | OWN_WORKBOOKS
    titles = {t for s in inputs for t in s.sheet_titles}
    named = ", ".join(f"«{s.sheet_titles[0].capitalize()}»" for s in inputs if s.sheet_titles)
    for key in sorted(tables, key=lambda k: (k.name, k.sheet or "")):
        if key.sheet is not None:
            if _title(key.sheet) not in titles:
                report.add(tables[key].path, None, None, "sheet-unknown",
                           f"лист «{key.sheet}» не используется методикой «{code}» и будет "
                           "пропущен; читается первый лист книги" + (f" и лист {named}" if named else ""),
                           severity="warning")
        elif key.name not in used and key.top not in used:
            report.add(tables[key].path, None, None, "file-unknown",
                       f"таблица «{key.name}» не используется методикой «{code}» и будет пропущена",
                       severity="warning")


def _sheet_parts(schema: TableSchema, tables: Tables) -> dict[str, RawTable]:
    """Sheets titled for this table in other workbooks of the period, by the workbook's stem
    (`survey/uzhkh.xlsx`, its sheet «Предложения» → `uzhkh`); only for tables split one file per value."""
    if not (schema.split_by and schema.sheet_titles):
        return {}
    return {key.stem: table for key, table in tables.items()
            if key.sheet is not None and _title(key.sheet) in schema.sheet_titles}


def _title(sheet: str) -> str:
    return sheet.strip().lower()
