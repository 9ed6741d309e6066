"""Issue 14, part 3: values as people write them, errors a person can act on, CI formats of `check`.

Each test lays one defect over a copy of tests/fixtures/minimal (Kaluga) in a temporary folder and
compares the exact Russian text a maintainer reads."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from generator.build import check, export
from generator.cli import main
from generator.problems import Problem, Report

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
FEEDBACK_HEADER = "organization_id,channel,criterion,respondents,score\n"


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "data"))


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def text_of(data: Path) -> str:
    report, _ = check(data)
    return report.as_text()


# 1. values as people write them

def test_enum_values_accept_russian_names_and_common_spellings(data):
    write(data / "periods/2025/feedback.csv", FEEDBACK_HEADER
          + "alpha,сайт,информирование,10,4\n"
          + "alpha,Официальный сайт Администрации,Работа,10,4\n"
          + "alpha,на официальном сайте администрации,сроки,10,4\n"
          + "beta,на личном приёме,Удовлетворенность качеством работы органа,10,4\n"
          + "beta,Опрос по QR-коду,time,10,4\n")
    sed = (data / "periods/2025/requests.csv").read_text(encoding="utf-8").replace(",да,нет,", ",есть,отсутствует,", 1)
    write(data / "periods/2025/requests.csv", sed)
    report, dataset = check(data)
    assert report.problems == [], report.as_text()
    period = next(p for p in dataset.periods if p.period.name == "2025")
    feedback = period.tables["feedback"]
    assert list(feedback["channel"]) == ["website", "website", "website", "in_person", "qr"]
    assert list(feedback["criterion"]) == ["information", "work", "time", "work", "time"]
    assert (bool(period.tables["requests"]["prebooking"][0]), bool(period.tables["requests"]["electronic"][0])) \
        == (True, False)


def test_an_ambiguous_or_unknown_value_lists_the_values_with_their_russian_names(data):
    write(data / "periods/2025/feedback.csv", FEEDBACK_HEADER + "alpha,опрос,work,10,4\nalpha,telegram,work,10,4\n")
    text = text_of(data)
    assert ("periods/2025/feedback.csv, строка 2, столбец «channel»: [bad-enum] ошибка: «опрос» — недопустимое "
            "значение: укажите код или русское название одного из допустимых значений: «in_person» (Анкетирование "
            "на личном приёме), «website» (Официальный сайт Администрации), «phone» (Телефонный опрос), «pos» "
            "(Платформа обратной связи (ПОС)), «mfc» (Опрос в МФЦ), «qr» (Опрос по QR-коду)") in text
    assert "строка 3, столбец «channel»: [bad-enum] ошибка: «telegram» — недопустимое значение" in text


def test_no_spelling_fits_two_values_of_a_column():
    from generator.methods import METHODOLOGIES
    from generator.validate import values

    for methodology in METHODOLOGIES.values():
        for schema in methodology.inputs:
            for column in (c for c in schema.columns if c.kind == "enum"):
                matcher = values.enum_matcher(column.name, column.choices, column.spellings)
                for spelling, codes in [*matcher.exact.items(), *matcher.by_lemmas.items()]:
                    assert len(codes) == 1, (methodology.code, schema.name, column.name, spelling, codes)


# 2. the same error on many rows: one line with the rows

def test_the_same_error_on_many_rows_is_one_line_with_row_ranges(data):
    rows = [f"alpha,in_person,work,{n},abc\n" for n in range(2, 7)]  # rows 2–6, then 8 and 10–11
    write(data / "periods/2025/feedback.csv", FEEDBACK_HEADER + "".join(rows)
          + "alpha,phone,work,1,4\nbeta,in_person,work,1,abc\nbeta,phone,work,1,4\n"
          + "gamma,in_person,work,1,abc\ngamma,phone,work,1,abc\n")
    report, _ = check(data)
    assert report.as_text().splitlines() == [
        "periods/2025/feedback.csv, строки 2–6, 8, 10–11, столбец «score»: [not-a-number] ошибка: «abc» — не число: "
        "укажите число без букв и единиц измерения",
        "Найдено: 8\u00a0ошибок, 0\u00a0предупреждений.",
    ]
    # for programs, one record per row
    assert [p["row"] for p in json.loads(report.as_json())["problems"]] == [2, 3, 4, 5, 6, 8, 10, 11]


def test_a_long_list_of_rows_is_cut():
    report = Report()
    for row in range(2, 200, 2):
        report.add("a.csv", row, "x", "value-missing", "заполните")
    line = report.as_text().splitlines()[0]
    assert line.startswith("a.csv, строки 2, 4, 6, ") and line.endswith(", 40 и ещё 79, столбец «x»: [value-missing] "
                                                                         "ошибка: заполните")


# 3. an invalid id does not make valid references «не найден»

def test_an_invalid_organ_id_gives_one_error_not_unknown_references(data):
    organs = (data / "organizations.yaml").read_text(encoding="utf-8").replace("- id: alpha", "- id: Упр образования")
    write(data / "organizations.yaml", organs)
    for path in [data / "services.csv", *data.glob("periods/*/feedback.csv")]:
        write(path, path.read_text(encoding="utf-8").replace("alpha,", "Упр образования,"))
    assert text_of(data).splitlines() == [
        "organizations.yaml: [0].id (строка 1): [yaml-invalid] ошибка: недопустимый идентификатор «Упр образования»: "
        "используйте строчные латинские буквы, цифры и дефисы, например `obrazovanie` или `zhkh-2`",
        "Найдено: 1\u00a0ошибка, 0\u00a0предупреждений.",
    ]


def test_an_invalid_service_id_gives_one_error_not_unknown_references(data):
    for path in [data / "services.csv", *data.glob("periods/*/requests.csv"), *data.glob("periods/*/regulations.csv")]:
        write(path, path.read_text(encoding="utf-8").replace("\na1,", "\nУпр образования,"))
    assert text_of(data).splitlines() == [
        "services.csv, строка 2, столбец «service_id»: [id-bad-slug] ошибка: идентификатор «Упр образования» "
        "недопустим: используйте строчные латинские буквы, цифры и дефисы, например `obrazovanie` или `zhkh-2`",
        "Найдено: 1\u00a0ошибка, 0\u00a0предупреждений.",
    ]


# 4. a name where an id is expected

def test_a_service_or_organ_name_where_an_id_is_expected_names_the_id(data):
    requests = data / "periods/2025/requests.csv"
    write(requests, requests.read_text(encoding="utf-8").replace("\na1,", "\nвыдача справок «А»,"))
    feedback = data / "periods/2025/feedback.csv"
    write(feedback, feedback.read_text(encoding="utf-8").replace("\nalpha,in_person,work", "\nАльфа,in_person,work"))
    write(data / "services.csv", (data / "services.csv").read_text(encoding="utf-8").replace(
        "b1,beta,", "b1,Комитет по делам Беты,"))
    assert text_of(data).splitlines() == [
        "periods/2025/feedback.csv, строка 2, столбец «organization_id»: [id-unknown] ошибка: «Альфа» — это название "
        "органа; его идентификатор — «alpha»: укажите его вместо названия.",
        "periods/2025/requests.csv, строка 2, столбец «service_id»: [id-unknown] ошибка: «выдача справок «А»» — это "
        "название услуги; её идентификатор — «a1»: укажите его вместо названия.",
        "services.csv, строка 5, столбец «organization_id»: [id-unknown] ошибка: «Комитет по делам Беты» — это "
        "название органа; его идентификатор — «beta»: укажите его вместо названия.",
        "Найдено: 3\u00a0ошибки, 0\u00a0предупреждений.",
    ]


# 5. a title row above the headers

def test_a_title_row_above_the_headers_is_one_problem(data):
    requests = data / "periods/2025/requests.csv"
    book, sheet = Workbook(), None
    sheet = book.active
    sheet.append(["Таблица 3. Анализ объёма запросов, поступивших на предоставление муниципальных услуг"])
    sheet.append([])
    for line in requests.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    book.save(data / "periods/2025/requests.xlsx")
    requests.unlink()
    feedback = data / "periods/2024/feedback.csv"
    write(feedback, "Таблица 1. Сведения об удовлетворённости\n\n" + feedback.read_text(encoding="utf-8"))
    assert text_of(data).splitlines() == [
        "periods/2024/feedback.csv, строка 1: [header-not-first-row] ошибка: заголовки столбцов — в строке 3, а над "
        "ними название таблицы или другие строки: удалите строки над заголовками (строки 1–2), чтобы заголовки были "
        "в первой строке",
        "periods/2025/requests.xlsx, строка 1: [header-not-first-row] ошибка: заголовки столбцов — в строке 3, а над "
        "ними название таблицы или другие строки: удалите строки над заголовками (строки 1–2), чтобы заголовки были "
        "в первой строке",
        "Найдено: 2\u00a0ошибки, 0\u00a0предупреждений.",
    ]


# 6. a header close to an expected one

def test_an_organ_workbook_whose_organ_column_has_its_russian_header_is_not_a_duplicate_column(tmp_path):
    """survey/<organ>.csv of Baikonur may carry the organ's column itself, under any of its headers: it is
    that column, not a second one beside the column the file name fills; left empty, the name fills it."""
    data = Path(shutil.copytree(Path(__file__).parent / "fixtures" / "baikonur", tmp_path / "data"))
    report, _ = check(data)
    clean = report.as_text()
    for path, header, organ in ((data / "periods/2025-Q2/survey/beta.csv", "Исполнительный орган", "beta"),
                                (data / "periods/2025-Q2/survey/alpha.csv", " Код органа ", "")):
        lines = path.read_text(encoding="utf-8").splitlines()
        write(path, "\n".join([f"{header},{lines[0]}", *(f"{organ},{line}" for line in lines[1:])]) + "\n")
    report, _ = check(data)
    assert "column-duplicate" not in report.as_text()
    assert report.as_text() == clean


def test_a_misspelt_header_gets_what_was_meant(data):
    feedback = data / "periods/2025/feedback.csv"
    write(feedback, feedback.read_text(encoding="utf-8").replace("respondents", "Колличество респондентов", 1))
    assert text_of(data).splitlines() == [
        "periods/2025/feedback.csv, строка 1, столбец «respondents»: [column-missing] ошибка: нет обязательного "
        "столбца «respondents» (Количество респондентов): добавьте его в первую строку; возможно, это столбец "
        "«Колличество респондентов» — исправьте его заголовок",
        "periods/2025/feedback.csv, строка 1, столбец «Колличество респондентов»: [column-unknown] предупреждение: "
        "столбец «Колличество респондентов» не используется и будет пропущен; возможно, имелось в виду «respondents» "
        "(Количество респондентов); ожидаемые столбцы: organization_id, channel, criterion, respondents, score",
        "Найдено: 1\u00a0ошибка, 1\u00a0предупреждение.",
    ]


# 7. check --format github | gitlab

def _broken(data: Path) -> None:
    write(data / "periods/2025/feedback.csv", FEEDBACK_HEADER + "alpha,in_person,work,1,abc\n"
          + "alpha,phone,work,1,abc\nalpha,in_person,time,1,100%\n")
    feedback = data / "periods/2024/feedback.csv"
    write(feedback, feedback.read_text(encoding="utf-8").replace("respondents", "respondentz", 1))


def test_check_format_github_prints_annotations(data, capsys, monkeypatch):
    _broken(data)
    monkeypatch.chdir(data.parent)
    assert main(["check", "--data", "data", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    annotations = [line for line in out if line.startswith("::")]
    assert annotations == [
        "::error file=data/periods/2024/feedback.csv,line=1,title=column-missing::строка 1, столбец «respondents»: "
        "нет обязательного столбца «respondents» (Количество респондентов): добавьте его в первую строку; возможно, "
        "это столбец «respondentz» — исправьте его заголовок",
        "::warning file=data/periods/2024/feedback.csv,line=1,title=column-unknown::строка 1, столбец «respondentz»: "
        "столбец «respondentz» не используется и будет пропущен; возможно, имелось в виду «respondents» (Количество "
        "респондентов); ожидаемые столбцы: organization_id, channel, criterion, respondents, score",
        "::error file=data/periods/2025/feedback.csv,line=2,title=not-a-number::строки 2–3, столбец «score»: «abc» — "
        "не число: укажите число без букв и единиц измерения",
        "::error file=data/periods/2025/feedback.csv,line=4,title=score-out-of-range::строка 4, столбец «score»: "
        "значение 100%25 вне допустимого диапазона: ожидается число от 1 до 5",
    ]
    assert out[-1] == "Найдено: 4\u00a0ошибки, 1\u00a0предупреждение."  # the readable report follows for the log


def test_github_annotations_escape_what_github_reads_as_syntax():
    report = Report([Problem("a,b:c.csv", None, None, "x-y", "50%\r\nдалее")])
    assert report.as_github("data").splitlines()[0] == "::error file=data/a%2Cb%3Ac.csv,title=x-y::50%25%0D%0Aдалее"


def test_check_format_gitlab_writes_a_code_quality_report(data, capsys, monkeypatch):
    _broken(data)
    monkeypatch.chdir(data.parent)
    assert main(["check", "--data", str(data), "--format", "gitlab"]) == 1  # an absolute path inside the repository
    entries = json.loads(capsys.readouterr().out)
    assert [(e["check_name"], e["severity"], e["location"]) for e in entries] == [
        ("column-missing", "major", {"path": "data/periods/2024/feedback.csv", "lines": {"begin": 1}}),
        ("column-unknown", "minor", {"path": "data/periods/2024/feedback.csv", "lines": {"begin": 1}}),
        ("not-a-number", "major", {"path": "data/periods/2025/feedback.csv", "lines": {"begin": 2}}),
        ("score-out-of-range", "major", {"path": "data/periods/2025/feedback.csv", "lines": {"begin": 4}}),
    ]
    assert entries[2]["description"] == ("строки 2–3, столбец «score»: «abc» — не число: укажите число без букв и "
                                         "единиц измерения")
    fingerprints = [e["fingerprint"] for e in entries]
    assert len(set(fingerprints)) == len(entries) and all(re.fullmatch("[0-9a-f]{64}", f) for f in fingerprints)
    assert main(["check", "--data", "data", "--format", "gitlab"]) == 1
    assert [e["fingerprint"] for e in json.loads(capsys.readouterr().out)] == fingerprints  # stable


def test_a_clean_folder_gives_an_empty_gitlab_report(data, capsys):
    assert main(["check", "--data", str(data), "--format", "gitlab"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# «Формат данных» lists the spellings beside each list column

def test_data_format_page_lists_names_and_spellings(data, tmp_path):
    export(data, tmp_path / "project")
    page = (tmp_path / "project" / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert ("<code>website</code> — Официальный сайт Администрации (также «сайт», «официальный сайт», "
            "«сайт администрации», «интернет-сайт», «опрос на сайте»)") in page
    assert "<code>information</code> — Удовлетворённость качеством информации о порядке предоставления услуги " \
           "(также «информирование»" in page
    assert "<code>header-not-first-row</code>" in page
