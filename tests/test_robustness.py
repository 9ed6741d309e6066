"""Hostile inputs that cannot be a file in tests/bad_inputs/: links, odd folder names, sizes.

Each must end in a report (never a traceback), read nothing outside the data folder and print
nothing from there.
"""
from __future__ import annotations

import os

import pandas as pd
import pytest

from generator.build import check
from generator.load.tables import RawTable
from generator.problems import Report
from generator.validate.schema import Column, TableSchema, parse_number
from generator.validate.tables import _check_keys, typed_table

SECRET = "root:x:0:0:root:/root:/bin/bash"


@pytest.fixture
def secret_file(tmp_path):
    """A file outside the data folder whose contents must never reach the report."""
    path = tmp_path / "outside" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def test_symlink_to_a_file_outside_the_data_folder_is_not_read(minimal_copy, secret_file):
    requests = minimal_copy / "periods/2025/requests.csv"
    requests.unlink()
    requests.symlink_to(secret_file)
    report, dataset = check(minimal_copy)
    assert dataset is None
    assert ("link-outside-data", "periods/2025/requests.csv") in {(p.code, p.file) for p in report.errors}
    assert "root" not in report.as_text() and "passwd" not in report.as_text()


def test_symlinked_site_yaml_outside_the_data_folder_is_not_read(minimal_copy, secret_file):
    (minimal_copy / "site.yaml").unlink()
    (minimal_copy / "site.yaml").symlink_to(secret_file)
    report, _ = check(minimal_copy)
    assert ("link-outside-data", "site.yaml") in {(p.code, p.file) for p in report.errors}
    assert "root" not in report.as_text()


def test_symlink_to_the_root_folder_is_not_walked(minimal_copy):
    (minimal_copy / "periods/2025/survey").symlink_to("/", target_is_directory=True)
    report, _ = check(minimal_copy)
    assert [(p.code, p.file) for p in report.errors] == [("link-outside-data", "periods/2025/survey")]


def test_symlinked_period_folder_outside_the_data_folder_is_not_read(minimal_copy, tmp_path):
    outside = tmp_path / "elsewhere"
    (minimal_copy / "periods/2024").rename(outside)
    (minimal_copy / "periods/2024").symlink_to(outside, target_is_directory=True)
    report, _ = check(minimal_copy)
    assert [(p.code, p.file) for p in report.errors] == [("link-outside-data", "periods/2024")]


def test_symlink_loop_inside_the_data_folder_is_not_walked_forever(minimal_copy):
    (minimal_copy / "periods/2025/survey").symlink_to(minimal_copy / "periods", target_is_directory=True)
    report, _ = check(minimal_copy)
    assert [(p.code, p.file) for p in report.errors] == [("link-loop", "periods/2025/survey/2025")]


@pytest.mark.parametrize("name", ["2023\n", "２０２５", "٢٠٢٥", "2025-Q٣"])
def test_period_folder_with_a_line_break_or_non_ascii_digits_is_refused(minimal_copy, name):
    os.rename(minimal_copy / "periods/2024", minimal_copy / "periods" / name)
    report, _ = check(minimal_copy)
    assert [p.code for p in report.errors] == ["period-name-invalid"]
    assert "\n" not in report.errors[0].file + report.errors[0].message


@pytest.mark.parametrize("text, code", [("٣", "not-a-number"), ("１２", "not-a-number"),
                                        ("9" * 5000, "value-out-of-range"), ("1," + "1" * 5000, "value-out-of-range")])
def test_number_in_other_digits_or_thousands_of_digits_is_a_problem_not_a_traceback(text, code):
    schema = TableSchema("t", "Таблица", "—", (Column("n", "Число", "number", "число"),), key=("n",))
    report = Report()
    frame = typed_table(RawTable("t.csv", ["n"], [[text]]), schema, report)
    assert frame is not None and frame.empty
    assert [p.code for p in report.errors] == [code]


def test_number_just_above_the_bound_is_out_of_range_and_at_it_is_read():
    assert parse_number("1 000 000 000 000") == 10**12
    schema = TableSchema("t", "Таблица", "—", (Column("n", "Число", "int", "число"),), key=("n",))
    report = Report()
    typed_table(RawTable("t.csv", ["n"], [["1000000000000"], ["1000000000001"]]), schema, report)
    assert [(p.code, p.row) for p in report.errors] == [("value-out-of-range", 3)]


def test_duplicate_check_looks_at_the_table_a_fixed_number_of_times(monkeypatch):
    """Linear by design: 50 000 rows, 25 000 of them repeats, and the table is indexed a fixed
    number of times (the former check filtered the whole table once per repeated row)."""
    rows = 50_000
    frame = pd.DataFrame({"service_id": [f"s{i % (rows // 2)}" for i in range(rows)],
                          "_row": range(2, rows + 2)})
    schema = TableSchema("t", "Таблица", "—", (Column("service_id", "Услуга", "id", "услуга"),),
                         key=("service_id",))
    lookups = 0
    original = pd.DataFrame.__getitem__

    def counted(self, key):
        nonlocal lookups
        lookups += 1
        return original(self, key)

    monkeypatch.setattr(pd.DataFrame, "__getitem__", counted)
    report = Report()
    _check_keys("t.csv", frame, schema, report)
    monkeypatch.undo()
    assert len(report.problems) == rows // 2
    assert lookups < 10
    first = report.problems[0]
    assert (first.row, "строке 2") == (rows // 2 + 2, first.message.split("есть в ")[1].split(":")[0])


# ---- the column-wise parse agrees with the cell-by-cell parse that words the errors ----------

from hypothesis import given as _given, settings as _settings, strategies as _st  # noqa: E402

from generator.load.tables import RawTable as _RawTable  # noqa: E402
from generator.methods import METHODOLOGIES as _METHODOLOGIES  # noqa: E402
from generator.problems import Report as _Report  # noqa: E402
from generator.validate import tables as _tables  # noqa: E402

_SCHEMAS = {s.name: s for m in _METHODOLOGIES.values() for s in m.inputs}
_CELLS = {"int": ["0", "7", "120", "1 024", "-3", "1,5", "x", "", "٣", "99999999999999", "0012"],
          "bool": ["да", "нет", "Да", "true", "0", "1", "может", ""],
          "number": ["4,5", "4.25", "5", "0", "6", "1 000,5", "x", "", "-1"],
          "ref": ["a1", "b2", "", "zz"], "id": ["a1", "A B", "", "x-1"], "text": ["текст", "", "=1+1"]}


def _cell_strategy(column):
    pool = _CELLS.get(column.kind) or [*column.choices, *column.choices.values(), "нечто", ""]
    return _st.sampled_from(pool)


@_st.composite
def _tables_of(draw):
    schema = _SCHEMAS[draw(_st.sampled_from(["requests", "regulations", "feedback", "assessments"]))]
    rows = draw(_st.lists(_st.tuples(*(_cell_strategy(c) for c in schema.columns)), min_size=1, max_size=8))
    return schema, rows


@_settings(max_examples=120, deadline=None)
@_given(_tables_of())
def test_column_wise_parse_agrees_with_cell_by_cell_parse(table):
    schema, rows = table
    header = [c.name for c in schema.columns]
    raw = _RawTable(f"{schema.name}.csv", header, [list(r) for r in rows])
    fast_report = _Report()
    fast = _tables.typed_table(raw, schema, fast_report)
    slow_report, records, positions = _Report(), [], {name: i for i, name in enumerate(header)}
    for number, cells in zip(raw.row_numbers, raw.rows):
        record = _tables._parse_row(raw.path, number, cells, positions, schema, slow_report, {})
        if record is not None:
            records.append(record)
    slow = _tables._with_dtypes(pd.DataFrame(records, columns=header + ["_row"]), schema)
    _tables._check_keys(raw.path, slow, schema, slow_report)
    assert fast.to_dict("records") == slow.to_dict("records")
    assert sorted(map(str, fast_report.problems)) == sorted(map(str, slow_report.problems))
