"""Every figure the acts require is published as data, and every code in results.csv is explained."""
import csv
import io
from pathlib import Path

import pytest

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.opendata import RESULT_COLUMNS, describe_indicator, result_rows, to_csv

ROOT = Path(__file__).parent.parent
FOLDERS = [ROOT / "data", *sorted((ROOT / "examples").iterdir()),
           *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if (p / "site.yaml").exists())]


@pytest.fixture(scope="module", params=FOLDERS, ids=[f"{p.parent.name}/{p.name}" for p in FOLDERS])
def rows(request):
    report, dataset = check(request.param)
    assert report.ok, report.as_text()
    return result_rows(compute(dataset))


def test_every_code_is_explained(rows):
    unexplained = {(r["methodology"], r["indicator"]) for r in rows
                   if describe_indicator(METHODOLOGIES[r["methodology"]], r["indicator"]) is None}
    assert not unexplained


def test_municipal_headline_rank_and_change_rows(rows):
    for method in {r["methodology"] for r in rows}:
        own = [r for r in rows if r["methodology"] == method]
        municipal = {r["indicator"] for r in own if r["organization_id"] == ""}
        assert METHODOLOGIES[method].headline in municipal, method
        assert any(r["indicator"] == "rank" for r in own), method
        assert any(r["indicator"].endswith("_change") and r["value"] is not None for r in own) or \
            len({r["period"] for r in own}) == 1, method


def test_values_are_decimal_text_without_float_noise(rows):
    text = to_csv(rows, RESULT_COLUMNS)
    for row in csv.DictReader(io.StringIO(text)):
        value = row["value"]
        if value:
            whole, _, fraction = value.lstrip("-").partition(".")
            assert whole.isdigit() and (fraction == "" or (fraction.isdigit() and len(fraction) <= 6
                                                          and not fraction.endswith("0"))), value
