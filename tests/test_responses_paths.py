"""The same answers give the same problems and the same assessments whether responses.csv is read by
the engine, pyarrow's CSV reader (load/big_csv.py, validate/engine.py: from 4 MB up) or by the Python reader: here the
threshold is set to 0 or out of reach and every period with raw answers is checked and computed both
ways — every methodology that reads answers (Kaluga from the benchmark's generator, Novokuznetsk,
Dzerzhinsk, Ivanovo from their fixtures and examples).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.load import big_csv

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ["tests/fixtures/novokuznetsk", "tests/fixtures/dzerzhinsk", "tests/fixtures/ivanovo",
           "examples/novokuznetsk", "examples/dzerzhinsk", "examples/ivanovo"]


def outcome(data: Path, engine: bool, monkeypatch) -> tuple[list, list]:
    """(problems, every assessment's subject, monitored and exact figures) by one path."""
    monkeypatch.setattr(big_csv, "MIN_BYTES", 0 if engine else 1 << 62)
    report, dataset = check(data)
    problems = [(p.file, p.row, p.column, p.code, p.message, p.severity) for p in report.problems]
    if dataset is None or not report.ok:
        return problems, []
    results = compute(dataset)
    return problems, [(a.period.name, a.organization.id, a.service_id, a.monitored,
                       {code: (f.value, [(i.symbol, i.value) for i in f.inputs]) for code, f in a.figures.items()})
                      for a in results.assessments]


def kaluga_with_answers(folder: Path) -> Path:
    """The benchmark's Kaluga municipality with 3 000 seeded raw answers instead of Таблица 1."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from bench_responses import make_period
    finally:
        sys.path.remove(str(ROOT / "tools"))
    return make_period(folder, 3000)


@pytest.mark.parametrize("folder", FOLDERS)
def test_both_paths_give_the_same_assessments(tmp_path, monkeypatch, folder):
    data = tmp_path / "data"
    shutil.copytree(ROOT / folder, data)
    by_python = outcome(data, False, monkeypatch)
    assert by_python[1], folder  # computed: the fixture is valid
    assert outcome(data, True, monkeypatch) == by_python


def test_kaluga_answers_give_the_same_assessments_both_ways(tmp_path, monkeypatch):
    data = kaluga_with_answers(tmp_path)
    by_python = outcome(data, False, monkeypatch)
    assert by_python[1]
    assert outcome(data, True, monkeypatch) == by_python


def test_a_bad_answer_deep_in_a_big_file_is_reported_at_its_row(tmp_path, monkeypatch):
    """Row numbers through the engine: a score 7 in row 2 501 is reported at row 2 501."""
    data = kaluga_with_answers(tmp_path)
    path = data / "periods" / "2025" / "responses.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[2500].split(",")  # row 2 501 of the spreadsheet (the header is row 1)
    cells[4] = "7"
    lines[2500] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems, _ = outcome(data, True, monkeypatch)
    assert [(row, column) for _, row, column, _, _, severity in problems if severity == "error"] == [(2501, "work")]
    assert outcome(data, False, monkeypatch)[0] == problems
