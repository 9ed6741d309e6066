"""Open data for people and portals: a workbook beside every CSV, the licence, the Russian passport
(meta.csv, structure.csv) and a Table Schema that `frictionless validate` accepts."""
import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from frictionless import validate

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.opendata import export, neutralised
from generator.opendata_xlsx import workbook
from generator.render.site import render

ROOT = Path(__file__).parent.parent
DEMOS = [ROOT / "data", *sorted((ROOT / "examples").iterdir())]
PASSPORT = {"standardversion", "identifier", "title", "description", "creator", "publishername", "publisherphone",
            "publishermbox", "format", "created", "modified", "provenance", "valid", "subject"}
HOSTILE = '=HYPERLINK("https://evil.example/","Нажмите")'


def exported(folder: Path) -> dict:
    report, dataset = check(folder)
    assert report.ok, report.as_text()
    methods = [METHODOLOGIES[c] for c in {p.methodology for p in dataset.periods}]
    return export(dataset, compute(dataset), methods)


def written(files: dict, target: Path) -> Path:
    for path, content in files.items():
        out = target / path
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return target / "opendata"


@pytest.fixture(scope="module", params=DEMOS, ids=[p.name for p in DEMOS])
def demo(request, tmp_path_factory):
    files = exported(request.param)
    return files, written(files, tmp_path_factory.mktemp(request.param.name))


def test_frictionless_validates_the_package(demo):
    _, folder = demo
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "type", "note"])[:10]


def test_package_has_licence_keys_and_constraints(demo):
    package = json.loads(demo[0]["opendata/datapackage.json"])
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    resources = {r["name"]: r for r in package["resources"]}
    assert resources["organizations"]["schema"]["primaryKey"] == ["period", "organization_id"]
    assert {"fields": ["service_id"], "reference": {"resource": "services", "fields": ["service_id"]}} \
        in resources["results"]["schema"]["foreignKeys"]
    value = next(f for f in resources["results"]["schema"]["fields"] if f["name"] == "value")
    assert value["type"] == "number"
    constrained = [f for r in resources.values() for f in r["schema"]["fields"] if "constraints" in f]
    assert any("enum" in f["constraints"] for f in constrained)
    assert any(f["constraints"].get("required") for f in constrained)


def _as_csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, str):
        return neutralised(value)
    return str(value)


def test_every_csv_has_a_workbook_with_the_same_rows(demo):
    files, folder = demo
    package = json.loads(files["opendata/datapackage.json"])
    assert package["resources"]
    for resource in package["resources"]:
        rows = list(csv.reader(io.StringIO(files["opendata/" + resource["path"]])))
        sheet = openpyxl.load_workbook(folder / resource["path"].replace(".csv", ".xlsx")).active
        cells = list(sheet.iter_rows(values_only=True))
        assert list(cells[0]) == [f["title"] for f in resource["schema"]["fields"]]  # Russian headers
        assert len(cells) == len(rows), resource["path"]
        types = [f["type"] for f in resource["schema"]["fields"]]
        for got, want in zip(cells[1:], rows[1:]):
            for value, text, kind in zip(got, want, types):
                if kind in ("number", "integer") and text:
                    assert isinstance(value, (int, float)) and value == float(text), (resource["path"], text)
                else:
                    assert _as_csv_text(value) == text, (resource["path"], value, text)


def test_passport_has_the_mandated_rows(demo):
    files, _ = demo
    sets = {p.split("/")[2] for p in files if p.startswith("opendata/passport/")}
    assert {"results", "organizations", "services"} <= sets
    for name in sets:
        meta = list(csv.reader(io.StringIO(files[f"opendata/passport/{name}/meta.csv"])))
        assert meta[0] == ["property", "value"]
        props = dict(meta[1:])
        assert PASSPORT <= set(props), name
        assert props["standardversion"] == "http://opendata.gosmonitor.ru/standard/3.0"
        assert any(p.startswith("data-") for p in props) and any(p.startswith("structure-") for p in props)
        assert all(len(props[d]) == 8 and props[d].isdigit() for d in ("created", "modified", "valid"))
        structure = list(csv.reader(io.StringIO(files[f"opendata/passport/{name}/structure.csv"])))
        assert structure[0] == ["field name", "english description", "russian description", "format"]
        assert all(len(r) == 4 and all(r) for r in structure[1:])


def test_hostile_text_stays_text_in_the_workbook(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    services = (data / "services.csv").read_text(encoding="utf-8").splitlines()
    first = next(csv.reader([services[1]]))
    first[2] = HOSTILE
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(first)
    services[1] = out.getvalue().rstrip("\n")
    (data / "services.csv").write_text("\n".join(services) + "\n", encoding="utf-8")
    files = exported(data)
    assert "'" + HOSTILE.replace('"', '""') in files["opendata/services.csv"]
    raw = zipfile.ZipFile(io.BytesIO(files["opendata/services.xlsx"])).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in raw and "<f " not in raw
    cell = next(c for row in openpyxl.load_workbook(io.BytesIO(files["opendata/services.xlsx"])).active.iter_rows()
                for c in row if c.value == HOSTILE)
    assert cell.data_type == "s"


def test_workbook_bytes_do_not_depend_on_the_clock():
    rows = [{"a": "текст", "b": 1, "c": "2025-04-03"}]
    make = lambda: workbook("t", ("a", "b", "c"), {"a": "А"}, {"b": "integer"}, rows, dt.date(2025, 4, 3))  # noqa: E731
    first = make()
    assert make() == first
    sheet = openpyxl.load_workbook(io.BytesIO(first)).active
    assert list(sheet.iter_rows(values_only=True)) == [("А", "b", "c"), ("текст", 1, dt.datetime(2025, 4, 3))]


def _site_yaml_with(folder: Path, text: str) -> None:
    (folder / "site.yaml").write_text((folder / "site.yaml").read_text(encoding="utf-8") + text, encoding="utf-8")


def test_licence_from_site_yaml_on_the_page_and_in_the_package(minimal_copy):
    _site_yaml_with(minimal_copy, 'license:\n  id: "LicenseRef-Own"\n  title: "Лицензия <b>своя</b>"\n'
                                  '  url: "https://example.org/license"\n')
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    method = METHODOLOGIES[dataset.site.methodology]
    bundle = render(dataset, compute(dataset), method)
    page = bundle.files["opendata.md"]
    assert "Лицензия &lt;b&gt;своя&lt;/b&gt;" in page and 'href="https://example.org/license"' in page
    assert "Паспорт набора «Результаты мониторинга»" in page and 'opendata/results.xlsx' in page
    package = json.loads(bundle.files["opendata/datapackage.json"])
    assert package["licenses"][0]["name"] == "LicenseRef-Own"


@pytest.mark.parametrize("licence, field", [
    ('license:\n  id: "Моя лицензия"\n', "license.id"),
    ('license:\n  id: "Own-1.0"\n', "license"),
    ('license:\n  id: "CC0-1.0"\n  url: "javascript:alert(1)"\n', "license.url"),
])
def test_a_wrong_licence_is_a_problem_record(minimal_copy, licence, field):
    _site_yaml_with(minimal_copy, licence)
    report, _ = check(minimal_copy)
    problems = [p for p in report.problems if p.column == field]
    assert problems and problems[0].code in ("license-invalid", "url-invalid"), report.as_text()
