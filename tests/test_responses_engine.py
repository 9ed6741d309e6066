"""Big tables of answers read by pyarrow's CSV reader and checked column by column (load/big_csv.py,
validate/engine.py): the same rows, values and problems as the Python reader and checks give, whatever the file holds.

The engine takes a file from 4 MB up; here the threshold is lowered so that small generated files
go through it, and each is read both ways: problems equal one for one (file, row, column, code,
message, in order), frames equal value for value (text columns are categoricals on the engine's
side). What the engine cannot read as the csv module does is sent to the Python reader, so these
tests also say which files the engine itself reads (a clean file, cp1251, `;`, tab, quoted line
breaks) and prove it reads them.
"""
from __future__ import annotations

import csv
import io
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.load import big_csv
from generator.load.big_csv import EngineTable, read_big_csv
from generator.load.tables import UnreadableFile, read_table
from generator.problems import Report
from generator.survey.responses import responses_schema
from generator.validate.tables import IdList, check_references, typed_table

CHANNELS = {"in_person": "Личный приём", "website": "Сайт"}
SCHEMA = responses_schema({"work": {"label": "Работа"}, "time": {"label": "Сроки"}}, CHANNELS,
                          required_criterion="work")
SERVICES = IdList({"s1", "s2", "s3"}, "services.csv")
HEADER = ["respondent", "service_id", "channel", "date", "work", "time", "comment", "publish"]
SHOWN = "periods/2025/responses.csv"


@pytest.fixture(autouse=True)
def small_files_to_the_engine(monkeypatch):
    monkeypatch.setattr(big_csv, "MIN_BYTES", 0)


def checked(path, engine: bool, encoding: str | None = None):
    """(problems, typed frame or None, whether the engine read the file) by one path."""
    report, used = Report(), engine  # a file the engine read may still be refused by it (a swallowed row)
    try:
        table = read_big_csv(path, SHOWN, encoding) if engine else None
        used = table is not None
        table = table or read_table(path, SHOWN, encoding)
    except UnreadableFile as exc:
        for p in exc.problems:
            report.add(SHOWN, p.row, None, p.code, p.message, severity=p.severity)
        return report.problems, None, used
    frame = typed_table(table, SCHEMA, report)
    if frame is not None:
        frame = check_references(SHOWN, frame, "service_id", SERVICES, report)
    return report.problems, frame, used


def plain(frame: pd.DataFrame | None):
    """A frame as values only: text columns as str, missing values as None."""
    if frame is None:
        return None
    return {name: [None if v is None or (isinstance(v, float) and np.isnan(v)) else v for v in column.tolist()]
            for name, column in frame.items()}


def assert_same(path, encoding: str | None = None) -> bool:
    """Both paths agree; True when the engine read the file."""
    problems, frame, _ = checked(path, engine=False, encoding=encoding)
    engine_problems, engine_frame, used = checked(path, engine=True, encoding=encoding)
    assert engine_problems == problems
    assert plain(engine_frame) == plain(frame)
    if frame is not None:
        assert list(engine_frame.columns) == list(frame.columns)
        for name in frame.columns:  # numbers and flags in the same dtypes; text as categories of the same values
            if not isinstance(engine_frame[name].dtype, pd.CategoricalDtype):
                assert engine_frame[name].dtype == frame[name].dtype, name
    return used


def write(path, rows, delimiter=",", encoding="utf-8", newline="\n", quote_all=False) -> None:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator=newline,
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))


def good_rows(count: int, start: int = 1) -> list[list[str]]:
    return [[str(n), f"s{n % 3 + 1}", ("in_person", "website")[n % 2], f"{n % 28 + 1:02d}.03.2025",
             str(n % 5 + 1), "" if n % 7 == 0 else str((n * 3) % 5 + 1),
             "Спасибо, всё хорошо" if n % 50 == 0 else "", "да" if n % 100 == 0 else ""]
            for n in range(start, start + count)]


# ---- files the engine reads itself ------------------------------------------------------

@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_clean_files_are_read_by_the_engine_as_by_the_csv_module(tmp_path, delimiter, encoding):
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *good_rows(300)], delimiter=delimiter, encoding=encoding, newline="\r\n")
    assert assert_same(path)


def test_problems_of_a_big_file_name_the_rows_the_maintainer_sees(tmp_path):
    """30 000 answers with a problem every few thousand rows: the same rows (header = row 1), codes and
    Russian messages as the Python checks, found by the engine."""
    rows = good_rows(30_000)
    rows[4_998][4] = "7"                      # row 5 000: a score off the scale
    rows[9_998][2] = "почта"                  # row 10 000: an unknown channel
    rows[14_998][1] = "s9"                    # row 15 000: an unknown service
    rows[19_998][0] = "1"                     # row 20 000: questionnaire 1 again
    rows[24_998][4] = ""                      # row 25 000: the required score left empty
    rows[29_998][5] = "1 024"                 # row 30 000: a spelling only the cell parse reads (out of range)
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *rows])
    assert assert_same(path)
    problems, frame, used = checked(path, engine=True)
    assert used
    assert [(p.row, p.column, p.code) for p in problems] == [
        (5_000, "work", "value-out-of-range"),
        (10_000, "channel", "bad-enum"), (25_000, "work", "value-missing"), (30_000, "time", "value-out-of-range"),
        (20_000, "respondent", "id-duplicate"), (15_000, "service_id", "id-unknown")]
    # four rows refused, the unknown service's left out; the repeated questionnaire is reported, not dropped
    assert len(frame) == 30_000 - 4 - 1 and frame["_row"].iloc[-1] == 30_001


def test_quoted_line_breaks_are_read_by_the_engine(tmp_path):
    rows = good_rows(200)
    rows[10][6] = "Первая строка\nвторая строка"
    rows[20][6] = "С «кавычками» и \"двойными\" — и запятой, вот"
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *rows])
    assert assert_same(path)
    _, frame, _ = checked(path, engine=True)
    assert frame.loc[frame["respondent"] == 11, "comment"].iloc[0] == "Первая строка\nвторая строка"
    assert frame["_row"].iloc[-1] == 201  # records are numbered, not lines


def test_a_quote_left_open_is_refused_with_its_row(tmp_path):
    path = tmp_path / "responses.csv"
    text = "\n".join(",".join(r) for r in [HEADER, *good_rows(50)]) + "\n"
    lines = text.split("\n")
    lines[30] = lines[30].replace(",в", ",\"в", 1) if ",в" in lines[30] else lines[30] + ',"'
    path.write_text("\n".join(lines), encoding="utf-8")
    problems, _, _ = checked(path, engine=True)
    assert problems == checked(path, engine=False)[0]
    assert problems and problems[0].code in ("quote-unclosed", "row-length-mismatch")


def test_a_cell_that_swallowed_rows_is_refused_as_before(tmp_path):
    rows = good_rows(40)
    rows[5][6] = "начало\n41,s1,website,01.03.2025,5,5,,"
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *rows])
    problems, _, used = checked(path, engine=True)
    assert used and [(p.row, p.code) for p in problems] == [(7, "quote-unclosed")]
    assert problems == checked(path, engine=False)[0]


def test_a_template_code_row_is_skipped_by_the_engine_as_by_the_python_reader(tmp_path):
    """A filled template saved as a big CSV: Russian headers, the row of codes under them (row 2), then
    answers from row 3. The engine reads the file itself; the code row is not an answer with wrong values,
    and the rows keep the numbers Excel shows."""
    rows = good_rows(500)
    rows[9][4] = "9"  # row 12 of the sheet: a score off the scale
    path = tmp_path / "responses.csv"
    write(path, [[c.title for c in SCHEMA.columns], HEADER, *rows])
    assert assert_same(path)
    problems, frame, used = checked(path, engine=True)
    assert used and [(p.row, p.column, p.code) for p in problems] == [(12, "work", "value-out-of-range")]
    assert len(frame) == 499 and frame["_row"].iloc[0] == 3 and frame["_row"].iloc[-1] == 502


def test_a_title_row_above_the_headers_is_one_problem_by_the_engine_as_by_the_python_reader(tmp_path):
    """«Анкеты за 2025 год» above the headers, padded with delimiters as Excel saves it: the file the engine
    reads gets «удалите строки над заголовками», not a missing-column error for every column."""
    path = tmp_path / "responses.csv"
    write(path, [["Анкеты заявителей за 2025 год", *[""] * (len(HEADER) - 1)], HEADER, *good_rows(300)])
    assert assert_same(path)
    problems, frame, used = checked(path, engine=True)
    assert used and frame is None
    assert [(p.row, p.code) for p in problems] == [(1, "header-not-first-row")]
    assert "удалите строки над заголовками (строку 1)" in problems[0].message


def test_what_the_engine_would_read_otherwise_goes_to_the_python_reader(tmp_path):
    """A space beside a quote, a blank line between rows, a ragged row: read by tables.py."""
    path = tmp_path / "responses.csv"
    for text in ('respondent,service_id,channel,date,work,time,comment,publish\n1,s1,website,01.03.2025,5,4, "a",\n',
                 'respondent,service_id,channel,date,work\n1,s1,website,01.03.2025,5\n\n2,s2,website,01.03.2025,4\n',
                 'respondent,service_id,channel,date,work\n1,s1,website,01.03.2025,5,,\n2,s2,website\n'):
        path.write_text(text, encoding="utf-8")
        assert not assert_same(path)


def test_the_temporary_utf8_copy_is_never_left_beside_the_data(tmp_path):
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *good_rows(100)], encoding="cp1251")
    table = read_big_csv(path, SHOWN, None)
    assert isinstance(table, EngineTable)
    table.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["responses.csv"]


# ---- any file: both paths agree -----------------------------------------------------------

CELLS = {
    "respondent": st.sampled_from(["1", "2", "3", "17", "017", "1 024", "", "x", "-3", "2.5", " 4"]),
    "service_id": st.sampled_from(["s1", "s2", "s3", "s9", "", " s2 ", "S1"]),
    "channel": st.sampled_from(["in_person", "website", "Сайт", "сайт", "почта", "", " website"]),
    "date": st.sampled_from(["23.04.2025", "2025-04-23", "вчера", "", "31.02.2025"]),
    "work": st.sampled_from(["1", "3", "5", "", "0", "6", "x", " 3", "05", "4,0"]),
    "time": st.sampled_from(["2", "4", "", "7", "нет"]),
    "comment": st.sampled_from(["", "хорошо", "долго, очень", 'с "кавычкой"', "две\nстроки", "  пробел  ", "\u00a0nbsp"]),
    "publish": st.sampled_from(["", "да", "нет", "Да", "может быть"]),
}
ROW = st.fixed_dictionaries(CELLS).map(lambda cells: [cells[h] for h in HEADER])


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(ROW, min_size=1, max_size=12), delimiter=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]), newline=st.sampled_from(["\n", "\r\n"]),
       quote_all=st.booleans(), blank_row=st.booleans(), header=st.sampled_from([HEADER, HEADER[:6], [*HEADER, "extra"], [h for h in HEADER if h != "time"]]))
def test_the_engine_and_the_python_checks_agree_on_any_table(tmp_path, rows, delimiter, encoding, newline, quote_all,
                                                            blank_row, header):
    width = len(header)
    body = [(row + ["x"] * width)[:width] for row in rows]
    if blank_row:
        body.insert(len(body) // 2, [""] * width)
    path = tmp_path / "responses.csv"
    write(path, [header, *body], delimiter=delimiter, encoding=encoding, newline=newline, quote_all=quote_all)
    assert_same(path)


def test_examples_dir_is_read_alike(tmp_path):
    """Every responses.csv of the bundled examples and fixtures: the same through both paths."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for source in sorted([*root.glob("examples/*/periods/*/responses.csv"), *root.glob("tests/fixtures/*/periods/*/responses.csv")]):
        path = tmp_path / "responses.csv"
        shutil.copy(source, path)
        problems, frame, used = checked(path, engine=True)
        assert used, source
        assert (problems, plain(frame)) == (lambda p, f, _: (p, plain(f)))(*checked(path, engine=False)), source


def test_quotes_beside_blanks_are_found_alike_one_by_one_and_by_numpy(monkeypatch):
    """A chunk with a few quotes is searched quote by quote, one quoting every cell by numpy: the same places."""
    data = '"a", "b" ,"c"\xa0,\t"d"\n"e""f","g" h\n1,2,"x"'.encode("utf-8")
    from generator import prefetch

    blanks = {0x20, 0xA0, 0xC2, 0x09}
    one_by_one = prefetch._quotes_beside(data, blanks)
    monkeypatch.setattr(prefetch, "_FEW_QUOTES", 0)
    assert prefetch._quotes_beside(data, blanks) == one_by_one
    assert one_by_one  # the case has blanks beside quotes


def test_short_texts_are_numbered_from_their_bytes_as_by_dictionary_encoding():
    """Cells of at most two bytes (points, a letter, «é») are numbered off their bytes; the same texts
    and the same numbering of rows as pyarrow's dictionary encoding gives."""
    import pyarrow as pa

    from generator.validate import engine

    cells = pa.chunked_array([pa.array(["5", "", "é", "1", "ж"]), pa.array(["5", "12", "", "ж"]).slice(1)])
    codes, texts = engine._short_texts(cells)
    assert [texts[c] for c in codes] == cells.to_pylist()
    assert sorted(texts) == sorted(set(cells.to_pylist()))
    assert engine._short_texts(pa.chunked_array([pa.array(["1", "да"])])) is None


def test_a_reading_begun_before_the_imports_gives_the_same_table(tmp_path, monkeypatch):
    """transparency check starts reading the big table before importing the generator (prefetch.py):
    the table read so is the one read_big_csv would read, taken once, and a file changed meanwhile is
    read again."""
    from generator import prefetch

    monkeypatch.setattr(prefetch, "MIN_BYTES", 0)
    period = tmp_path / "data" / "periods" / "2025"
    period.mkdir(parents=True)
    path = period / "responses.csv"
    write(path, [HEADER, *good_rows(500), ["17", "s9", "Сайт", "вчера", "7", "", "", "может быть"]])
    problems, frame, _ = checked(path, engine=True)
    prefetch.prefetch(tmp_path / "data")
    claimed = []
    monkeypatch.setattr(big_csv, "claim", lambda *a: claimed.append(prefetch.claim(*a)) or claimed[-1])
    again, frame_again, _ = checked(path, engine=True)
    assert problems and again == problems and plain(frame_again) == plain(frame)
    assert claimed and isinstance(claimed[0], prefetch.Reading) and not prefetch._started
    prefetch.prefetch(tmp_path / "data")
    prefetch._starter.join()
    write(path, [HEADER, *good_rows(400)])  # changed after the reading began: read anew
    problems, frame, _ = checked(path, engine=True)
    assert claimed[-1] is None and len(frame) == 400


def test_a_prefetched_reading_guessed_otherwise_is_stopped_and_waited_for_at_exit(tmp_path, monkeypatch):
    """claim() interrupted a reading of the same file guessed with another width but let it run on: at exit
    a reader thread still in C++ may abort the process (exit 134, the report lost). It is waited for now."""
    from generator import prefetch

    prefetch._stop_all()  # what earlier tests left
    monkeypatch.setattr(prefetch, "MIN_BYTES", 0)
    period = tmp_path / "data" / "periods" / "2025"
    period.mkdir(parents=True)
    path = period / "responses.csv"
    write(path, [HEADER, *good_rows(500)])
    prefetch.prefetch(tmp_path / "data")
    prefetch._starter.join()
    (guessed,) = list(prefetch._started)
    assert prefetch.claim(path, guessed[3], guessed[4] + 1) is None  # big_csv saw another width
    assert len(prefetch._let_go) == 1 and not prefetch._started
    prefetch._stop_all()
    assert not prefetch._let_go


@pytest.mark.parametrize("cell", ['ab"c', '"ab"c', '"ab""c"', '"a,b"', 'a""b', '"', '""', '"""'])
def test_stray_quotes_are_read_by_pyarrow_as_by_the_csv_module(tmp_path, cell):
    """pyarrow's reader (prefetch.Reading) and the csv module take a quote inside a cell, after a closing
    quote, or doubled, alike — or the file goes to the csv module."""
    path = tmp_path / "responses.csv"
    lines = [",".join(HEADER), *(",".join(row) for row in good_rows(20))]
    lines[5] = lines[5].rsplit(",", 2)[0] + f",{cell},"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_same(path)


@pytest.mark.parametrize("tail", ['21,s1,website,01.03.2025,5,4,"open quote,\n', '21,s1,website\n',
                                  '21,s1,website,01.03.2025,5,4,,,\n', '21,s1,website,01.03.2025,5,4,"a\nb",да'])
def test_a_broken_last_row_is_read_alike_by_pyarrow_and_the_csv_module(tmp_path, tail):
    """A truncated or ragged last row, a quote left open to the end: the same problems, never a traceback."""
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *good_rows(20)])
    path.write_text(path.read_text(encoding="utf-8") + tail, encoding="utf-8")
    assert_same(path)


def test_invalid_utf8_past_the_beginning_is_read_alike(tmp_path):
    path = tmp_path / "responses.csv"
    write(path, [HEADER, *good_rows(20)])
    path.write_bytes(path.read_bytes() + "21,s1,website,01.03.2025,5,4,плохо,\n".encode("cp1251"))
    assert_same(path)


def test_text_after_a_closing_quote_is_found_across_chunks(monkeypatch):
    """The scan reads 16 MB at a time: `"ab"c` is found wherever the chunk ends, and a doubled quote
    inside a quoted cell is never taken for it."""
    from generator import prefetch

    assert prefetch._text_after_closing_quote(b'1,"ab"c,\n', ",")
    assert not prefetch._text_after_closing_quote(b'1,"a ""b"" c",\n2,"""x""",\n', ",")
    assert not prefetch._text_after_closing_quote(b'1;"a,b";"c"\n', ";")
    assert prefetch._text_after_closing_quote(b'1,"a"""b",\n', ",")


@pytest.mark.parametrize("chunk", [5, 6, 7, 8, 9, 10, 11])
def test_a_quoted_cell_going_on_after_its_quote_is_sent_to_the_csv_module_whatever_the_chunks(tmp_path, monkeypatch,
                                                                                             chunk):
    from generator import prefetch

    monkeypatch.setattr(prefetch, "_CHUNK", chunk)
    path = tmp_path / "responses.csv"
    path.write_bytes(b'a,b\n1,"x"""""y"\n2,"ab"c\n')
    assert not prefetch._scan(path, ",").safe
    path.write_bytes(b'a,b\n1,"x"""""""\n2,"a""b"\n')
    assert prefetch._scan(path, ",").safe
