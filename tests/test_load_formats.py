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


def test_a_methodology_message_names_the_workbook_the_maintainer_gave(minimal_copy):
    book = Workbook()
    for record in rows(minimal_copy / REQUESTS):
        if record[0] == "a1":  # not electronic, yet requests through the portal: the plugin warns
            record[9] = "10"
        book.active.append(record)
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    report, _ = check(minimal_copy)
    assert [(p.file, p.code) for p in report.warnings] == [("periods/2025/requests.xlsx",
                                                            "epgu-requests-not-electronic")]


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


# --- encodings, delimiters and line endings -------------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from generator.load.tables import read_table  # noqa: E402

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r")
HEADERS = ("Наименование услуги", "Орган", "Количество заявлений", "Рассмотрено в установленные сроки",
           "Отказы", "Социально значимая", "Комментарий заявителя", "Способ опроса", "Дата опроса")
WORDS = ("Выдача", "справок", "о составе семьи", "Приём", "заявлений", "Комитет", "образования", "да", "нет",
         "Управление", "ЖКХ", "Щёлково", "МФЦ", "ООО \"Ромашка\"", "1 024,5", "81,5 %", "23.04.2015", "ул. Ленина, 5",
         "Ёлочка", "подъезд", "объявлений", "Съезжинская", "Юрьев-Польский", "Всё хорошо; спасибо", "№ 5", "«Альфа»")


def writable(words: tuple[str, ...], encoding: str) -> list[str]:
    """The words the encoding can write (KOI8-R has no «» or №)."""
    return [w for w in words if w.encode(encoding, errors="ignore").decode(encoding) == w]


@st.composite
def russian_tables(draw):
    encoding = draw(st.sampled_from(ENCODINGS))
    header = draw(st.lists(st.sampled_from(writable(HEADERS, encoding)), min_size=2, max_size=5, unique=True))
    cell = st.lists(st.sampled_from(writable(WORDS, encoding)), min_size=1, max_size=4).map(" ".join)
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), min_size=1, max_size=6))
    return encoding, header, rows


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=russian_tables(), delimiter=st.sampled_from([",", ";", "\t"]), newline=st.sampled_from(["\n", "\r\n"]))
def test_russian_tables_read_back_in_every_encoding_delimiter_and_line_ending(tmp_path, table, delimiter, newline):
    import csv
    import io

    encoding, header, rows = table
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=newline).writerows([header, *rows])
    path = tmp_path / "table.csv"
    path.write_bytes(text.getvalue().encode(encoding))
    raw = read_table(path, "table.csv")
    assert (raw.header, raw.rows) == (header, rows)


def test_short_windows_1251_file_is_not_read_as_shift_jis(minimal_copy):
    site = minimal_copy / "site.yaml"
    site.write_bytes("municipality: Сергей Павлов\n".encode("cp1251")
                     + site.read_text(encoding="utf-8").split("\n", 1)[1].encode("cp1251"))
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    assert dataset.site.municipality == "Сергей Павлов"


def test_utf16_with_bom_is_read(minimal_copy, reference):
    requests = minimal_copy / REQUESTS
    requests.write_bytes(requests.read_text(encoding="utf-8").encode("utf-16"))
    assert kef(minimal_copy) == pytest.approx(reference)


def test_encoding_in_site_yaml_overrides_detection(minimal_copy):
    # Mac Cyrillic with capitals is taken for Windows-1251 by any detector: the maintainer says which
    services = minimal_copy / "services.csv"
    services.write_bytes(services.read_text(encoding="utf-8").encode("mac-cyrillic"))
    with (minimal_copy / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("encoding: mac-cyrillic\n")
    report, dataset = check(minimal_copy)
    assert report.ok, report.as_text()
    assert dataset.service_names()["a2"] == "Приём заявлений А2"


def test_unknown_encoding_in_site_yaml(minimal_copy):
    with (minimal_copy / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("encoding: shift_jis\n")
    report, _ = check(minimal_copy)
    assert [(p.code, p.file, p.column) for p in report.errors] == [("encoding-unknown", "site.yaml", "encoding")]


def test_file_not_in_the_encoding_named_in_site_yaml(minimal_copy):
    with (minimal_copy / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("encoding: utf-8\n")
    services = minimal_copy / "services.csv"
    services.write_bytes(services.read_text(encoding="utf-8").encode("cp1251"))
    report, _ = check(minimal_copy)
    assert ("file-unreadable", "services.csv") in {(p.code, p.file) for p in report.errors}
    assert "encoding" in next(p.message for p in report.errors if p.file == "services.csv")


# --- what Excel stores differently from what it shows ---------------------------------------

def xlsx_of(rows: list[list], path: Path, formats: dict[str, str] = {}) -> Path:
    book = Workbook()
    for record in rows:
        book.active.append(record)
    for cell, number_format in formats.items():
        book.active[cell].number_format = number_format
    book.save(path)
    return path


def test_xlsx_date_cells_are_read_as_dates(tmp_path):
    import datetime as dt

    path = xlsx_of([["respondent", "date"], [1, dt.date(2015, 4, 23)], [2, dt.datetime(2015, 4, 24, 9, 30)]],
                   tmp_path / "responses.xlsx")
    assert read_table(path, "responses.xlsx").rows == [["1", "23.04.2015"], ["2", "24.04.2015 09:30"]]


def test_xlsx_percent_cells_are_read_as_percents(tmp_path):
    path = xlsx_of([["service_id", "p9_satisfied_share"], ["a1", 0.815], ["a2", 1]], tmp_path / "assessments.xlsx",
                   {"B2": "0.0%", "B3": "0%"})
    assert read_table(path, "assessments.xlsx").rows == [["a1", "81.5"], ["a2", "100"]]


def test_xlsx_numbers_are_read_by_their_shortest_decimal_form(tmp_path):
    path = xlsx_of([["a", "b", "c"], [0.85, 1e20, 1.5e-7]], tmp_path / "t.xlsx")
    assert read_table(path, "t.xlsx").rows == [["0.85", "100000000000000000000", "0.00000015"]]


def test_hidden_first_sheet_with_data_is_refused(minimal_copy):
    book = Workbook()
    book.active.title = "Старые данные"
    book.active.append(["service_id", "requests"])
    book.active.sheet_state = "hidden"
    visible = book.create_sheet("Таблица 3")
    for record in rows(minimal_copy / REQUESTS):
        visible.append([int(c) if c.isdigit() else c for c in record])
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    report, _ = check(minimal_copy)
    assert [(p.code, p.file) for p in report.errors] == [("sheet-hidden", "periods/2025/requests.xlsx")]
    assert "Старые данные" in report.errors[0].message


def test_hidden_later_sheet_with_data_is_skipped_with_a_warning(minimal_copy, reference):
    book = Workbook()
    for record in rows(minimal_copy / REQUESTS):
        book.active.append([int(c) if c.isdigit() else c for c in record])
    hidden = book.create_sheet("Справочник")
    hidden.append(["да"])
    hidden.sheet_state = "hidden"
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    report, _ = check(minimal_copy)
    assert [(p.code, p.severity) for p in report.problems] == [("sheet-hidden", "warning")]
    assert kef(minimal_copy) == pytest.approx(reference)


def test_xlsx_claiming_a_million_rows_of_used_range_reads_only_its_cells(tmp_path):
    import re
    import zipfile

    source = xlsx_of([["service_id", "requests"], ["a1", 5]], tmp_path / "source.xlsx")
    path = tmp_path / "requests.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
                assert b"XFD1048576" in data
            out.writestr(item, data)
    raw = read_table(path, "requests.xlsx")
    assert (raw.header, raw.rows) == (["service_id", "requests"], [["a1", "5"]])


def test_table_from_xlsx_keeps_its_real_file_name(minimal_copy):
    book = Workbook()
    for record in rows(minimal_copy / REQUESTS):
        book.active.append([int(c) if c.isdigit() else c for c in record])
    (minimal_copy / REQUESTS).unlink()
    book.save(minimal_copy / "periods/2025/requests.xlsx")
    _, dataset = check(minimal_copy)
    assert dataset.periods[-1].file("requests") == "periods/2025/requests.xlsx"


# --- defects the generated tables found (tests/test_load_roundtrip.py), one example each ------

FIXTURES = Path(__file__).parent / "fixtures"


def test_short_windows_1251_table_is_not_read_as_mac_cyrillic(tmp_path):
    """Two lines in Windows-1251, no encoding named: the capitals and «№» come back as written, not as
    the Mac Cyrillic reading «Ќаименование…», «є п/п» (the two code pages share the small letters)."""
    path = tmp_path / "table.csv"
    path.write_bytes("Наименование муниципальной услуги,№ п/п\n,справок\n".encode("cp1251"))
    raw = read_table(path, "table.csv")
    assert (raw.header, raw.rows) == (["Наименование муниципальной услуги", "№ п/п"], [["", "справок"]])


def _period_table(dataset, period: str, name: str):
    return next(p for p in dataset.periods if p.period.name == period).tables[name]


def test_seed_headers_with_commas_in_a_semicolon_table_keep_their_columns(tmp_path):
    """Приложение № 3 under the seed's own headers («Размер платы, взимаемой с получателя муниципальной
    услуги, руб. — …») saved by Russian Excel: `;` between cells, commas unquoted in the header, more of
    them than of `;`. It is read as the comma-separated original, not cut at the commas of its header."""
    import csv
    import io

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "novokuznetsk", data)
    path = data / "periods/2025-H1/comparison.csv"
    schema = next(s for s in METHODOLOGIES["novokuznetsk"].inputs if s.name == "comparison")
    kept = ("service_id", "other_municipality", "fee_own", "fee_other")  # the fees' titles hold two commas each
    records = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    table = [[schema.column(name).title for name in kept]] + [[r[name] for name in kept] for r in records]
    assert sum(title.count(",") for title in table[0]) > len(kept) - 1
    text = io.StringIO()
    csv.writer(text, delimiter=";", lineterminator="\r\n").writerows(table)
    path.write_text(text.getvalue(), encoding="utf-8")
    report, dataset = check(data)
    assert report.ok, report.as_text()
    _, original = check(FIXTURES / "novokuznetsk")
    got, expected = _period_table(dataset, "2025-H1", "comparison"), _period_table(original, "2025-H1", "comparison")
    assert got[list(kept)].to_dict("records") == expected[list(kept)].to_dict("records")


def test_a_table_of_one_column_is_not_split_at_its_commas(tmp_path):
    """Baikonur's proposals/<organ>.csv has one column, «Предложение». Excel writing `;` between cells
    leaves a comma in a proposal unquoted: the line is still one proposal, not a row of two cells."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "baikonur", data)
    (data / "periods/2025-Q1/proposals/beta.csv").write_text(
        "Предложение\nПродлить часы приёма, по субботам\n", encoding="utf-8")
    report, dataset = check(data)
    assert report.ok, report.as_text()
    beta = next(a for a in compute(dataset).assessments
                if a.period.name == "2025-Q1" and a.organization.id == "beta" and a.service_id is None)
    assert beta.detail["proposals"] == ["Продлить часы приёма, по субботам"]
