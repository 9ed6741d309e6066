"""Each folder in tests/bad_inputs/ is the minimal fixture with one defect (named by
the folder) laid over it; `expected.txt` is the exact report a maintainer must get.

Overlay files replace the fixture's; a `DELETE` file lists fixture files to remove; a
`BASE` file names another fixture of tests/fixtures/ to lay the defect over.
"""
import os
import shutil
from pathlib import Path

import pytest

from generator.build import check

BAD = Path(__file__).parent / "bad_inputs"
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"
SPECIAL = {"expected.txt", "DELETE", "BASE"}


def broken_copy(defect: Path, target: Path) -> Path:
    base = FIXTURES / (defect / "BASE").read_text(encoding="utf-8").strip() if (defect / "BASE").exists() else MINIMAL
    shutil.copytree(base, target)
    for path in defect.rglob("*"):
        if path.is_file() and path.name not in SPECIAL:
            destination = target / path.relative_to(defect)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
    if (defect / "DELETE").exists():
        for line in (defect / "DELETE").read_text(encoding="utf-8").split():
            (target / line).unlink()
    return target


@pytest.mark.parametrize("defect", sorted(p.name for p in BAD.iterdir() if p.is_dir()))
def test_defect_is_reported_exactly(defect, tmp_path):
    data = broken_copy(BAD / defect, tmp_path / "data")
    report, dataset = check(data)
    expected_file = BAD / defect / "expected.txt"
    if os.environ.get("UPDATE_EXPECTED"):
        expected_file.write_text(report.as_text() + "\n", encoding="utf-8")
    assert report.as_text() + "\n" == expected_file.read_text(encoding="utf-8")
    assert report.problems and (dataset is None) == (not report.ok)  # a defect may be a warning only


def test_every_defect_has_its_expected_report():
    for folder in BAD.iterdir():
        assert (folder / "expected.txt").is_file(), folder.name


def test_the_minimal_fixture_itself_is_clean():
    report, dataset = check(MINIMAL)
    assert report.problems == [] and dataset is not None
