"""What the formula tests of every methodology share: a fixture computed once, and a lookup."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from generator.build import check
from generator.compute import compute
from generator.results import Assessment, Results

FIXTURES = Path(__file__).parent / "fixtures"


def computed(name: str, warnings: tuple[str, ...] = ()) -> Results:
    """tests/fixtures/<name> checked and computed; its warnings must be exactly `warnings` (codes)."""
    report, dataset = check(FIXTURES / name)
    assert report.ok, report.as_text()
    assert tuple(p.code for p in report.warnings) == warnings, report.as_text()
    return compute(dataset)


def computed_folder(folder: Path) -> Results:
    """A data folder (a demo of examples/) checked without errors and computed."""
    report, dataset = check(folder)
    assert report.ok, report.as_text()
    return compute(dataset)


def assessment(results: Results, period: str, organization_id: str | None = None,
               service_id: str | None = None) -> Assessment:
    """The organ's assessment (no service_id) or the service's, in the period named `period`."""
    return next(a for a in results.assessments if a.period.name == period and a.service_id == service_id
                and (organization_id is None or a.organization.id == organization_id))


def approve_all_comments(data_dir: Path) -> None:
    """Write the review workbook of every period with answers and approve every consented comment,
    as a person would after reading them (for tests that change a comment of a fixture)."""
    from openpyxl import load_workbook

    from generator.review import DECISION, review_command, review_path

    for period in sorted((data_dir / "periods").iterdir()):
        if not (period / "responses.csv").exists():
            continue
        review_command(data_dir, period.name, say=lambda *_: None)
        book = load_workbook(review_path(period))
        sheet = book.active
        column = [c.value for c in sheet[1]].index(DECISION) + 1
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row, column).value = "да"
        book.save(review_path(period))


def tenth(value) -> Fraction:
    """An interval's end (a float or a Fraction) to a tenth, exactly, as the hand computations state it."""
    return round(Fraction(value), 1)
