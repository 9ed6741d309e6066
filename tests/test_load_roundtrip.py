"""Generated tables read back cell for cell, whatever shape Excel or a maintainer saved them in.

tests/test_load_formats.py holds one example per shape and a round trip of plain word tables; here
the tables are generated: Russian text with the characters that need quoting (delimiters, quotes,
«ёлочки», №), seed headers that hold commas, numbers with a decimal comma or point — written as CSV
in UTF-8 / UTF-8 with BOM / Windows-1251, with `,` `;` or tab, \\n or \\r\\n, quoted where needed or
every cell, and as .xlsx with typed numbers. Tables are read by the loader, and the numbers through
`check` → `compute`, where each must arrive as the exact fraction written.
"""
import csv
import io
from fractions import Fraction
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl import Workbook

from generator.load.tables import read_table
from tests.strategies import computed_folder, decimal_text, decimals, examples, temporary_folder, write_folder

ENCODINGS = ("utf-8", "utf-8-sig", "cp1251")
DELIMITERS = (",", ";", "\t")
NEWLINES = ("\n", "\r\n")
QUOTING = {"needed": csv.QUOTE_MINIMAL, "all": csv.QUOTE_ALL}
HEADERS = ("Наименование муниципальной услуги", "Количество опрошенных", "Средний балл", "Способ опроса",
           "Рассмотрено в установленные сроки", "Комментарий заявителя", "Орган", "№ п/п", "Предложение")
# seed headers that hold a comma (Приложение № 3 of Novokuznetsk)
COMMA_HEADERS = ("Размер платы, взимаемой с получателя муниципальной услуги, руб.",
                 "Общий (максимальный) срок предоставления муниципальной услуги, дней")
WORDS = ("Выдача", "справок", "о составе семьи", "Приём", "заявлений", "Комитет", "образования", "да", "нет",
         "ЖКХ", "Щёлково", "МФЦ", 'ООО "Ромашка"', "ул. Ленина, 5", "Всё хорошо; спасибо", "«Альфа»", "№ 5",
         "Ёлочка", "подъезд", "объявлений", "Съезжинская", "Юрьев-Польский", "1 024,5", "81,5 %", "23.04.2015",
         "4,56", "0.85", "табуляция\tвнутри", "кавычка \" внутри")


@st.composite
def csv_shapes(draw, encodings=ENCODINGS, delimiters=DELIMITERS):
    return {"kind": "csv", "encoding": draw(st.sampled_from(encodings)), "delimiter": draw(st.sampled_from(delimiters)),
            "newline": draw(st.sampled_from(NEWLINES)), "quoting": draw(st.sampled_from(sorted(QUOTING)))}


XLSX = {"kind": "xlsx"}
SHAPES = st.one_of(csv_shapes(), st.just(XLSX))


@st.composite
def text_tables(draw, headers=HEADERS, columns=(2, 5)):
    header = draw(st.lists(st.sampled_from(headers), min_size=columns[0], max_size=columns[1], unique=True))
    cell = st.one_of(st.just(""), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join))
    row = st.lists(cell, min_size=len(header), max_size=len(header)).filter(any)  # a blank row is skipped
    return header, draw(st.lists(row, min_size=1, max_size=6))


def csv_bytes(table: list[list], shape: dict) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=shape["delimiter"], lineterminator=shape["newline"],
               quoting=QUOTING[shape["quoting"]]).writerows(table)
    return text.getvalue().encode(shape["encoding"])


def write_table(stem: Path, table: list[list], shape: dict) -> Path:
    """The table saved in `shape` beside `stem` (its name without an extension)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    if shape["kind"] == "xlsx":
        book = Workbook()
        for record in table:
            book.active.append(record)
        book.save(path := stem.with_suffix(".xlsx"))
        return path
    (path := stem.with_suffix(".csv")).write_bytes(csv_bytes([[str(c) for c in r] for r in table], shape))
    return path


def read_back(table: tuple[list, list], shape: dict, named: str | None = None) -> tuple[list, list]:
    """The table written in `shape` and read by the loader (`named`: the encoding site.yaml gives)."""
    header, rows = table
    with temporary_folder() as folder:
        path = write_table(folder / "table", [header, *rows], shape)
        raw = read_table(path, path.name, named)
    return raw.header, raw.rows


@examples(80)
@given(text_tables(), SHAPES)
def test_text_tables_read_back_cell_for_cell(table, shape):
    """Windows-1251 named in site.yaml (`encoding: cp1251`), as a maintainer does once detection fails."""
    named = "cp1251" if shape.get("encoding") == "cp1251" else None
    assert read_back(table, shape, named) == table


@examples(40)
@example((["Наименование муниципальной услуги", "№ п/п"], [["", "справок"]]),
         {"kind": "csv", "encoding": "cp1251", "delimiter": ",", "newline": "\n", "quoting": "needed"})
@given(text_tables(), csv_shapes(encodings=("cp1251",)))
def test_a_windows_1251_table_is_read_right_without_naming_its_encoding(table, shape):
    assert read_back(table, shape) == table


@examples(40)
@example((["Наименование муниципальной услуги", "Размер платы, взимаемой с получателя муниципальной услуги, руб."],
          [["Выдача", "0"]]),
         {"kind": "csv", "encoding": "utf-8", "delimiter": ";", "newline": "\n", "quoting": "needed"})
@given(text_tables(headers=HEADERS + COMMA_HEADERS), csv_shapes(encodings=("utf-8",), delimiters=(";", "\t")))
def test_seed_headers_with_commas_in_a_semicolon_or_tab_table(table, shape):
    assert read_back(table, shape) == table


@examples(40)
@example((["Предложение"], [["Продлить часы приёма, по субботам"]]),
         {"kind": "csv", "encoding": "utf-8", "delimiter": ";", "newline": "\n", "quoting": "needed"})
@given(text_tables(columns=(1, 1)), csv_shapes(encodings=("utf-8",)))
def test_a_table_of_one_column_reads_back(table, shape):
    assert read_back(table, shape) == table


@examples(15)
@given(text_tables(columns=(1, 1)))
def test_a_workbook_of_one_column_reads_back(table):
    assert read_back(table, XLSX) == table


@examples(30)
@given(st.lists(st.one_of(st.integers(0, 10**12), decimals(0, 10**6, 4)), min_size=1, max_size=8))
def test_numbers_typed_in_a_workbook_read_as_the_decimal_shown(numbers):
    """A workbook stores 4.56 as a binary float: it reads back as «4.56», the number its author typed."""
    cells = [int(n) if n.denominator == 1 else float(n) for n in numbers]
    header, rows = read_back((["Число"], [[c] for c in cells]), XLSX)
    assert [Fraction(r[0]) for r in rows] == numbers


# ---- numbers through the pipeline: exact, whatever the separator ------------------------------

SCORES = decimals(1, 5, 3)


def survey(scores: list[Fraction], comma: bool, typed: bool, russian: bool = False) -> list[list]:
    """A Baikonur survey table with one answered criterion per service: its mean is the score itself.
    `russian`: with the seed's headers and the channel and criterion as the act names them."""
    if russian:
        header = ["Исполнительный орган", "Код услуги", "Способ опроса", "Критерий качества", "Количество опрошенных",
                  "Средний балл"]
        channel, criterion = "Телефонный опрос", "Время предоставления услуги"
    else:
        header = ["organization_id", "service_id", "channel", "criterion", "respondents", "score"]
        channel, criterion = "phone", "time"
    return [header] + [["o1", f"s{n}", channel, criterion, 3, float(s) if typed else decimal_text(s, comma)]
                       for n, s in enumerate(scores)]


def services_of(scores: list) -> list[list]:
    return [["service_id", "organization_id", "name"]] + [[f"s{n}", "o1", f"Услуга {n}"] for n in range(len(scores))]


@examples(15)
@given(st.lists(SCORES, min_size=1, max_size=5), st.booleans(), SHAPES, st.booleans())
def test_decimal_comma_or_point_read_to_the_same_exact_fraction(scores, comma, shape, typed):
    """«4,567» and «4.567» in any CSV shape, or 4.567 typed into a workbook cell, are 4567/1000 exactly."""
    typed = typed and shape["kind"] == "xlsx"
    with temporary_folder() as folder:
        write_folder(folder, "baikonur", [{"id": "o1", "name": "Отдел", "sector": "Сфера"}], services_of(scores), {})
        write_table(folder / "periods/2025-Q1/survey", survey(scores, comma, typed), shape)
        results = computed_folder(folder)
    got = {a.service_id: a.value("criterion_time") for a in results.services}
    assert [got[f"s{n}"] for n in range(len(scores))] == scores
    assert all(isinstance(v, Fraction) for v in got.values())


def test_the_same_table_in_every_shape_computes_the_same():
    """Every CSV shape and the workbook, one table with the seed's Russian headers: one result (decimal comma
    and point in turn). Windows-1251 is not named in site.yaml: its detection is part of what is checked."""
    scores = [Fraction("4.5"), Fraction("3.905"), Fraction("1.001"), Fraction(5)]
    shapes = [{"kind": "csv", "encoding": e, "delimiter": d, "newline": n, "quoting": q}
              for e in ENCODINGS for d in DELIMITERS for n in NEWLINES for q in QUOTING] + [{"kind": "xlsx"}]
    seen = set()
    for number, shape in enumerate(shapes):
        with temporary_folder() as folder:
            write_folder(folder, "baikonur", [{"id": "o1", "name": "Отдел", "sector": "Сфера"}], services_of(scores), {})
            write_table(folder / "periods/2025-Q1/survey", survey(scores, number % 2 == 0, False, russian=True), shape)
            results = computed_folder(folder)
        seen.add(tuple(sorted((a.service_id, a.value("score")) for a in results.services)))
    assert seen == {tuple((f"s{n}", s) for n, s in enumerate(scores))}
