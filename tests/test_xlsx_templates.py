"""`transparency templates`: a workbook per table, filled as a person fills it, passes `check` as is.

For each of the five methodologies the templates are written, the demo's tables of one period (and its
list of services) are typed into them — a list's value picked from the drop-down's own list, «да»/«нет»,
numbers as numbers — the CSVs are replaced by the workbooks, and the checked tables are those of the demo.
"""
from __future__ import annotations

import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.build import check
from generator.cli import main
from generator.load.tables import read_table
from generator.methods import METHODOLOGIES
from generator.templates_xlsx import FIRST_DATA_ROW, example_row, table_schemas, template_columns
from generator.validate.schema import normalize_header, parse_cell

ROOT = Path(__file__).resolve().parent.parent
DEMOS = {"kaluga": (ROOT / "data", "2025"), "baikonur": (ROOT / "examples" / "baikonur", "2025-Q4"),
         "dzerzhinsk": (ROOT / "examples" / "dzerzhinsk", "2025-Q4"), "ivanovo": (ROOT / "examples" / "ivanovo", "2025"),
         "novokuznetsk": (ROOT / "examples" / "novokuznetsk", "2025-H2")}
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def drop_downs(sheet) -> dict[str, list[str]]:
    """Column letter → the values its drop-down offers (a range on «Инструкция» or a literal list)."""
    book, lists = sheet.parent, {}
    for rule in sheet.data_validations.dataValidation:
        if rule.type != "list":
            continue
        if rule.formula1.startswith('"'):
            values = rule.formula1.strip('"').split(",")
        else:
            title, cells = rule.formula1.split("!")
            values = [c.value for row in book[title.strip("'")][cells.replace("$", "")] for c in row]
        for cell_range in str(rule.sqref).split():
            lists[re.match("[A-Z]+", cell_range).group()] = values
    return lists


def fill(template: Path, raw, schema, target: Path) -> None:
    """Types the rows of `raw` into the template as a person would."""
    book = load_workbook(template)
    sheet = book.worksheets[0]
    lists = drop_downs(sheet)
    source = {next(c.name for c in schema.columns if normalize_header(h) in c.headers()): i
              for i, h in enumerate(raw.header) if h}
    for number, column in enumerate(template_columns(schema), start=1):
        letter = sheet.cell(1, number).column_letter
        assert sheet.cell(2, number).value == column.name
        for offset, cells in enumerate(raw.rows):
            text = cells[source[column.name]] if column.name in source else ""
            if text:
                sheet.cell(FIRST_DATA_ROW + offset, number, typed(column, text, lists.get(letter)))
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def typed(column, text: str, offered: list[str] | None):
    value, problem = parse_cell(column, text)
    assert problem is None, (column.name, text, problem)
    if column.kind == "enum":
        label = column.choices[value]
        assert label in offered, (column.name, label, offered)
        return label
    if column.kind == "bool":
        assert offered == ["да", "нет"]
        return "да" if value else "нет"
    if column.kind == "int":
        return int(value)
    if column.kind == "number":
        assert Fraction(repr(float(value))) == value  # the demo's numbers are short decimals
        return float(value)
    return text


def filled_folder(code: str, tmp_path: Path) -> tuple[Path, Path]:
    """The demo's folder with one period only, and a copy of it with that period's tables (and the
    list of services) given as filled templates instead."""
    demo, period = DEMOS[code]
    original, filled = tmp_path / "original", tmp_path / "filled"
    for target in (original, filled):
        shutil.copytree(demo, target, ignore=shutil.ignore_patterns("site", "README.md"))
        for other in (target / "periods").iterdir():
            if other.name != period:
                shutil.rmtree(other)
    assert main(["templates", "--methodology", code, "--out", str(tmp_path / "templates")]) == 0
    schemas = {s.name: s for s in table_schemas(METHODOLOGIES[code])}
    replace(filled / "services.csv", schemas["services"], tmp_path, filled / "services.xlsx")
    folder = filled / "periods" / period
    for path in sorted(folder.iterdir()):
        if path.is_dir() and path.name in schemas:  # a table given one file per organ
            for part in sorted(path.iterdir()):
                replace(part, schemas[path.name], tmp_path, path / f"{part.stem}.xlsx", schemas)
        elif path.suffix == ".csv" and path.stem in schemas:
            replace(path, schemas[path.stem], tmp_path, folder / f"{path.stem}.xlsx")
    return original, filled


def replace(path: Path, schema, tmp_path: Path, target: Path, schemas=None) -> None:
    raw = read_table(path, path.name)
    path.unlink()
    fill(tmp_path / "templates" / f"{schema.name}.xlsx", raw, schema, target)
    for title, sheet in raw.sheets.items():  # Baikonur's «Предложения»: its own template, its own folder
        other = next(s for s in schemas.values() if title.lower() in s.sheet_titles)
        fill(tmp_path / "templates" / f"{other.name}.xlsx", sheet, other,
             target.parent.parent / other.name / target.name)


def tables(dataset) -> dict[str, list[dict]]:
    found = {"services": dataset.services}
    for period in dataset.periods:
        found |= {f"{period.period.name}/{name}": frame for name, frame in period.tables.items()}
    frames = {name: frame.drop(columns="_row").astype(object) for name, frame in found.items()}
    return {name: frame.where(frame.notna(), None).to_dict("records") for name, frame in frames.items()}


@pytest.mark.parametrize("code", sorted(DEMOS))
def test_filled_templates_pass_check_with_the_demos_values(code, tmp_path):
    original, filled = filled_folder(code, tmp_path)
    before, expected = check(original)
    report, dataset = check(filled)
    assert not report.errors, report.as_text()
    assert {p.code for p in report.warnings} <= {p.code for p in before.warnings}, report.as_text()
    assert any(p.suffix == ".xlsx" for p in (filled / "periods").rglob("*")) and (filled / "services.xlsx").is_file()
    assert tables(dataset) == tables(expected)


def test_an_error_in_the_first_filled_row_is_reported_as_row_3(tmp_path):
    original, filled = filled_folder("kaluga", tmp_path)
    book = load_workbook(filled / "periods" / "2025" / "requests.xlsx")
    sheet = book.worksheets[0]
    requests = next(c.column for c in sheet[2] if c.value == "requests")
    sheet.cell(FIRST_DATA_ROW, requests, 0)  # fewer requests than were considered in time
    book.save(filled / "periods" / "2025" / "requests.xlsx")
    report, _ = check(filled)
    rows = {(p.file, p.row) for p in report.errors}
    assert rows == {("periods/2025/requests.xlsx", 3)}, report.as_text()
    assert "periods/2025/requests.xlsx, строка 3" in report.as_text()


def test_without_the_row_of_codes_every_row_is_data(tmp_path):
    """Row 2 is skipped only when it is the codes: a maintainer who deleted it loses no row of data."""
    original, filled = filled_folder("kaluga", tmp_path)
    path = filled / "periods" / "2025" / "requests.xlsx"
    book = load_workbook(path)
    book.worksheets[0].delete_rows(2)
    book.save(path)
    report, dataset = check(filled)
    assert not report.errors, report.as_text()
    assert tables(dataset) == tables(check(original)[1])


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    folders = {}
    for code in DEMOS:
        folders[code] = tmp_path_factory.mktemp(code)
        assert main(["templates", "--methodology", code, "--out", str(folders[code])]) == 0
    return folders


@pytest.mark.parametrize("code", sorted(DEMOS))
def test_every_enumerated_and_yes_no_column_has_its_drop_down(code, written):
    for schema in table_schemas(METHODOLOGIES[code]):
        sheet = load_workbook(written[code] / f"{schema.name}.xlsx").worksheets[0]
        lists = drop_downs(sheet)
        for number, column in enumerate(template_columns(schema), start=1):
            offered = lists.get(sheet.cell(1, number).column_letter)
            if column.kind == "enum":
                assert offered == list(dict.fromkeys(column.choices.values())), (schema.name, column.name)
                assert all(parse_cell(column, label)[1] is None for label in offered)
            elif column.kind == "bool":
                assert offered == ["да", "нет"]
            else:
                assert offered is None


@pytest.mark.parametrize("code", sorted(DEMOS))
def test_a_template_speaks_russian_and_its_example_is_valid(code, written):
    for schema in table_schemas(METHODOLOGIES[code]):
        book = load_workbook(written[code] / f"{schema.name}.xlsx")
        data, guide = book.worksheets
        assert guide.title == "Инструкция" and book.active.title == data.title
        assert CYRILLIC.search(data.title)
        columns = template_columns(schema)
        assert [c.value for c in data[1]] == [c.title for c in columns]
        assert all(CYRILLIC.search(c.value) for c in data[1])
        assert all(CYRILLIC.search(c.comment.text) for c in data[1])
        assert [c.value for c in data[2]] == [c.name for c in columns]
        assert data.max_row == 2 and data.freeze_panes == "A3"  # no example on the data sheet
        about = [c.value for row in guide.iter_rows(max_col=2) for c in row
                 if isinstance(c.value, str)][:13]  # the title and what the table is, where it goes, how to fill it
        assert len(about) == 13 and all(CYRILLIC.search(text) for text in about), about
        texts = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value is not None)
        assert schema.title in texts and "Куда положить файл" in texts
        for column, value in example_row(schema).items():
            assert parse_cell(schema.column(column), str(value))[1] is None, (schema.name, column, value)


def test_existing_templates_are_kept_unless_forced(tmp_path, capsys):
    out = tmp_path / "new" / "templates"
    assert main(["templates", "--methodology", "kaluga", "--out", str(out)]) == 0
    (out / "requests.xlsx").write_bytes(b"mine")
    assert main(["templates", "--methodology", "kaluga", "--out", str(out)]) == 1
    refused = capsys.readouterr().err
    assert "Шаблоны не записаны" in refused and "requests.xlsx" in refused and "--force" in refused
    assert (out / "requests.xlsx").read_bytes() == b"mine"
    assert main(["templates", "--methodology", "kaluga", "--out", str(out), "--force"]) == 0
    assert (out / "requests.xlsx").read_bytes() != b"mine"
    assert main(["templates", "--methodology", "nowhere", "--out", str(out)]) == 1
    assert "методики «nowhere» нет" in capsys.readouterr().err


def test_templates_into_a_file_are_refused_in_russian(tmp_path, capsys):
    from generator.cli import main

    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    assert main(["templates", "--methodology", "kaluga", "--out", str(target)]) == 1
    assert "это файл, а не папка" in capsys.readouterr().err


def test_templates_and_init_refuse_an_unknown_methodology_with_the_same_list(tmp_path, capsys):
    """One look-up for both commands: the same Russian refusal listing every installed methodology."""
    from generator.methods import METHODOLOGIES

    assert main(["templates", "--methodology", "nowhere", "--out", str(tmp_path / "templates")]) == 1
    templates = capsys.readouterr().err
    assert main(["init", str(tmp_path / "city"), "--methodology", "nowhere", "--municipality", "Город"]) == 1
    init = capsys.readouterr().err
    assert templates.removeprefix("Шаблоны не записаны: ") == init.removeprefix("Папка не создана: ")
    assert templates.startswith("Шаблоны не записаны: методики «nowhere» нет среди установленных. Укажите в "
                                "--methodology одну из них:\n")
    for code, method in METHODOLOGIES.items():
        assert f"  {code} — {method.title}\n" in templates
    assert not (tmp_path / "templates").exists() and not (tmp_path / "city").exists()
