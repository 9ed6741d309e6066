"""Tables come from Excel in many shapes; each of these must read the same."""
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
REQUESTS = "periods/2025/requests.csv"


def kef(data: Path) -> float:
    report, dataset = check(data)
    assert report.ok, report.as_text()
    results = compute(dataset)
    return next(o for o in results.organs if o.period.name == "2025" and o.organization.id == "alpha").value("kef")


@pytest.fixture(scope="module")
def reference() -> float:
    return kef(MINIMAL)


def rows(path: Path) -> list[list[str]]:
    return [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]


def test_windows_1251_with_semicolons_and_russian_headers(minimal_copy, reference):
    schema = METHODOLOGIES["kaluga"].inputs[0]
    table = rows(minimal_copy / REQUESTS)
    table[0] = [schema.column(name).title for name in table[0]]  # the seed's own headers
    text = "\r\n".join(";".join(r) for r in table) + "\r\n"
    (minimal_copy / REQUESTS).write_bytes(text.encode("cp1251"))
    assert kef(minimal_copy) == pytest.approx(reference)


def test_utf8_bom_decimal_comma_and_nbsp_thousands(minimal_copy, reference):
    feedback = minimal_copy / "periods/2025/feedback.csv"
    text = feedback.read_text(encoding="utf-8").replace(",", ";").replace("4.5", "4,5")
    feedback.write_bytes("\ufeff".encode() + text.encode())
    requests = minimal_copy / REQUESTS
    requests.write_text(requests.read_text(encoding="utf-8").replace(",6000,5800,", ',"6\u00a0000","5 800",'),
                        encoding="utf-8")
    assert kef(minimal_copy) == pytest.approx(reference)


def test_xlsx_instead_of_csv(minimal_copy, reference):
    book = Workbook()
    sheet = book.active
    for record in rows(minimal_copy / REQUESTS):
        sheet.append([int(c) if c.isdigit() else c for c in record])
    sheet.append([])  # Excel's trailing blank rows are skipped
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    assert kef(minimal_copy) == pytest.approx(reference)


def test_other_sheets_of_a_workbook_empty_ignored_filled_warned(minimal_copy, reference):
    book = Workbook()
    for record in rows(minimal_copy / REQUESTS):
        book.active.append([int(c) if c.isdigit() else c for c in record])
    book.create_sheet("Лист2")                                  # Excel's empty default sheet: silent
    book.create_sheet("Справка").append(["Составил: Иванов"])   # filled but unknown: a warning
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    report, _ = check(minimal_copy)
    assert [(p.code, p.file) for p in report.warnings] == [
        ("sheet-unknown", "periods/2025/requests.xlsx, лист «Справка»")]
    assert kef(minimal_copy) == pytest.approx(reference)


def test_booleans_in_every_accepted_spelling(minimal_copy, reference):
    requests = minimal_copy / REQUESTS
    text = requests.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[1] = lines[1].replace(",да,нет,0,да,", ",true,0,0,Да,")
    requests.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert kef(minimal_copy) == pytest.approx(reference)


def test_an_unused_column_is_a_warning_not_an_error(minimal_copy):
    requests = minimal_copy / REQUESTS
    table = rows(requests)
    table = [r + (["примечание"] if i == 0 else ["—"]) for i, r in enumerate(table)]
    requests.write_text("\n".join(",".join(r) for r in table) + "\n", encoding="utf-8")
    report, dataset = check(minimal_copy)
    assert dataset is not None
    assert [(p.code, p.severity) for p in report.problems] == [("column-unknown", "warning")]


def test_both_csv_and_xlsx_of_one_table_is_an_error(minimal_copy):
    shutil.copyfile(minimal_copy / REQUESTS, minimal_copy / "periods/2025/requests.xlsx")
    report, _ = check(minimal_copy)
    assert "file-duplicate" in {p.code for p in report.errors}
