"""Big CSV tables of survey answers read by DuckDB, cell for cell as tables.py reads them.

A responses.csv of millions of rows is read by DuckDB's CSV reader (C++, on every core) into a
table of text cells, which validation checks with SQL and numpy (validate/engine.py): its rows never
become Python lists. The file is taken exactly as tables.py takes it: the same encodings (a file
that is not UTF-8 is transcoded a piece at a time into a temporary UTF-8 copy outside the data
folder, deleted once read), the same delimiter guess (delimiters.py on the file's beginning), the
same header. Whatever the two readers could read differently sends the file to tables.py, which
reads and words it as always: a NUL, mixed line ends, a blank line between rows, a space beside a
quote (DuckDB trims it, the csv module refuses or keeps it), a line break at the edge of a quoted
cell, and anything DuckDB refuses itself (a row of another width, a quote left open, bytes that are
not UTF-8 in a file marked UTF-8). So a file is either read identically or by the very code that
read it before (tests/test_responses_engine.py proves the two give the same rows and problems).

Cells are not stripped here: validation strips each distinct text once. That is what tables.py
does too — it strips every cell when one is padded, and when none is, stripping changes nothing
(a padded quoted cell is one of the cases sent to tables.py, see _quote_beside_space).
"""
from __future__ import annotations

import codecs
import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.dataset import TableOrigin
from generator.load.code_pages import code_pages_to_try
from generator.load.delimiters import DELIMITERS, sniff_delimiter
from generator.load.tables import _BOMS, RawTable, UnreadableFile, _swallowed_lines, read_table

BIG_TABLES = frozenset({"responses"})  # the stems of the tables a methodology reads a row per respondent
MIN_BYTES = 4 << 20  # a smaller file is read by tables.py in well under a second
_CHUNK = 16 << 20
_HEAD = 1 << 20  # bytes decoded for the delimiter guess and the header: past delimiters.py's sample
_NULL = "\x01\x02null\x03"  # DuckDB's NULL text, which no spreadsheet writes: every cell stays text
_MEMORY = "1500MB"  # DuckDB's own limit; past it the table spills into its temporary folder


@dataclass
class EngineTable:
    """A table DuckDB holds: `cells` has a text column c0, c1, … per header cell, the rows in the
    file's order; row i (rowid) is the spreadsheet row i + 2, the header being row 1."""

    path: str  # as messages name it
    header: list[str]
    rows_count: int
    source: Path  # the file, read again by tables.py when a schema the engine does not check asks
    encoding: str | None
    connection: object  # duckdb.DuckDBPyConnection; None once closed
    spill: tempfile.TemporaryDirectory
    sheets: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    origin: TableOrigin | None = None

    def __post_init__(self) -> None:
        if self.origin is None:
            self.origin = TableOrigin(self.path)

    def materialize(self) -> RawTable:
        """The table as tables.py reads it, for checks written for a RawTable."""
        self.close()
        return read_table(self.source, self.path, self.encoding)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
            self.spill.cleanup()


def read_big_csv(path: Path, shown_as: str, encoding: str | None) -> EngineTable | None:
    """The table read by DuckDB, or None when tables.py is to read the file: a small one, one
    without DuckDB installed, or one the two readers might read differently. Raises UnreadableFile
    as tables.py would for a quoted cell that swallowed the following rows."""
    if path.suffix.lower() != ".csv" or path.stat().st_size < MIN_BYTES:
        return None
    try:
        import duckdb
    except ImportError:  # the engine is an accelerator: without it every file is read as before
        return None
    with tempfile.TemporaryDirectory(prefix="transparency-csv-") as folder:
        source = _utf8_source(path, encoding, Path(folder))
        if source is None:
            return None
        spill = tempfile.TemporaryDirectory(prefix="transparency-duckdb-")
        connection = duckdb.connect(config={"memory_limit": _MEMORY, "temp_directory": spill.name,
                                            "preserve_insertion_order": True})
        table = EngineTable(shown_as, [], 0, path, encoding, connection, spill)
        try:
            ready = _read_into(table, source.path, source.bom, duckdb.Error)
            if not ready and source.path == path and not source.bom and not _is_utf8(path):
                # a code page past the file's beginning: transcoded whole, then read again
                other = _code_page_copy(path, encoding, Path(folder))
                ready = other is not None and _read_into(table, other, False, duckdb.Error)
        except BaseException:
            table.close()
            raise
        if not ready:
            table.close()
            return None
    return table


@dataclass(frozen=True)
class _Source:
    path: Path  # UTF-8 text: the file itself or its transcoded copy
    bom: bool  # the file itself, marked UTF-8 (BOM): never read in another encoding


def _utf8_source(path: Path, encoding: str | None, folder: Path) -> _Source | None:
    """The file in UTF-8, decided as tables.decode decides: by its BOM, else UTF-8 (DuckDB checks
    every byte as it reads), else the code page named in site.yaml or the likeliest one."""
    with open(path, "rb") as file:
        head = file.read(_HEAD)
    for bom, codec in _BOMS:
        if head.startswith(bom):
            if codec == "utf-8-sig":
                return _Source(path, True)
            copy = _transcode(path, codec, folder)  # the copy begins without the mark
            return _Source(copy, False) if copy is not None else None
    if b"\x00" in head:
        return None
    if _is_utf8_start(head):
        return _Source(path, False)
    copy = _code_page_copy(path, encoding, folder, head)
    return _Source(copy, False) if copy is not None else None


def _is_utf8_start(head: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as file:
            while chunk := file.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _code_page_copy(path: Path, encoding: str | None, folder: Path, head: bytes | None = None) -> Path | None:
    """The file transcoded from the code page tables.decode would read it in, or None where that
    refuses it (bytes not of the named encoding, no Cyrillic code page reads it as Russian)."""
    if encoding:
        return _transcode(path, encoding, folder)
    if head is None:
        with open(path, "rb") as file:
            head = file.read(_HEAD)
    for code_page in code_pages_to_try(head):
        copy = _transcode(path, code_page, folder)
        if copy is not None:
            return copy
    return None


def _transcode(path: Path, codec: str, folder: Path) -> Path | None:
    """A UTF-8 copy of the file in `folder`, a chunk at a time; None at the first byte not of `codec`."""
    target = folder / "utf8.csv"
    decoder = codecs.getincrementaldecoder(codec)()
    started = False
    try:
        with open(path, "rb") as file, open(target, "w", encoding="utf-8", newline="") as out:
            while chunk := file.read(_CHUNK):
                text = decoder.decode(chunk)
                if not started and text:
                    text, started = text.removeprefix("\ufeff"), True
                out.write(text)
            out.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return None
    return target


@dataclass
class _Scan:
    """What the bytes of a UTF-8 file say before DuckDB reads it."""

    lines: int = 0  # lines up to the last one with something on it
    quoted: bool = False
    safe: bool = True  # False: something the two readers might read differently
    break_text: str = "\n"  # how a line ends inside a quoted cell, to count them alike


def _scan(path: Path, delimiter: str) -> _Scan:
    """One pass in C over the bytes: NULs, quotes beside spaces, line ends."""
    scan, terminators, tail = _Scan(), {"\n": 0, "\r": 0, "\r\n": 0}, b""
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            joined = tail + chunk  # a pattern split between two chunks is still found
            if b"\x00" in chunk:
                return _Scan(safe=False)
            if b'"' in chunk:
                scan.quoted = True
                if _quote_beside_space(joined, delimiter):
                    return _Scan(safe=False)
            terminators["\n"] += chunk.count(b"\n")
            if b"\r" in joined:
                terminators["\r"] += chunk.count(b"\r")
                terminators["\r\n"] += joined.count(b"\r\n") - tail.count(b"\r\n")
            tail = chunk[-3:]
        file.seek(max(0, file.tell() - _HEAD))
        end = file.read()
    content = end.rstrip(b"\r\n")
    if not content:
        return _Scan(safe=False)  # a megabyte of blank lines at the end
    if terminators["\r"] == 0:
        count = terminators["\n"]
    elif terminators["\r"] == terminators["\r\n"]:
        count, scan.break_text = terminators["\r\n"], "\r\n"
    elif terminators["\n"] == 0:
        count, scan.break_text = terminators["\r"], "\r"
    else:
        return _Scan(safe=False)  # mixed line ends
    scan.lines = count - _line_ends(end[len(content):]) + 1
    return scan


def _quote_beside_space(data: bytes, delimiter: str) -> bool:
    """Spaces between a quote and the edge of its cell (` "x"`, `"x" `): DuckDB trims them and unquotes,
    the csv module keeps them as text or refuses the row. A space beside a quote inside a cell
    (`и ""слово""`) reads alike and is let through. Found where the quotes are (numpy); only the quotes
    beside a space are followed to the cell's edge, in Python (a file with very many goes to tables.py)."""
    blanks = {0x20, 0xA0, 0xC2} | ({0x09} if delimiter != "\t" else set())  # no-break space: C2 A0
    codes = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(codes == 0x22)
    edge = np.zeros(1, dtype=np.uint8)
    padded = np.concatenate((edge, codes, edge))
    beside = np.isin(padded[quotes], list(blanks)) | np.isin(padded[quotes + 2], list(blanks))
    suspects = quotes[beside]
    if len(suspects) > 10_000:
        return True
    edges = {ord(delimiter), 0x0A, 0x0D}
    for quote in suspects.tolist():
        for step in (-1, 1):
            at = quote + step
            while 0 <= at < len(codes) and codes[at] in blanks:
                at += step
            if at != quote + step and (not 0 <= at < len(codes) or codes[at] in edges):
                return True
    return False


def _line_ends(text: bytes) -> int:
    return text.count(b"\n") + text.count(b"\r") - text.count(b"\r\n")



def _read_into(table: EngineTable, source: Path, bom: bool, errors) -> bool:
    """Read the UTF-8 `source` into the table `cells`; False where tables.py is to read the file."""
    with open(source, "rb") as file:
        head = codecs.getincrementaldecoder("utf-8")().decode(file.read(_HEAD), final=False)
    if bom:  # the mark itself, then one more as tables.decode removes (a transcoded copy has neither)
        head = head.removeprefix("\ufeff").removeprefix("\ufeff")
    header = _header(head)
    if header is None:
        return False
    cells, delimiter = header
    scan = _scan(source, delimiter)
    if not scan.safe:
        return False
    connection = table.connection
    connection.execute("DROP TABLE IF EXISTS cells")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(cells))) + "}"
    try:
        connection.execute(
            f"CREATE TABLE cells AS SELECT * FROM read_csv({_literal(str(source))}, header = false, skip = 1, "
            f"delim = {_literal(delimiter)}, quote = '\"', escape = '\"', columns = {columns}, "
            f"auto_detect = false, strict_mode = true, nullstr = {_literal(_NULL)}, all_varchar = true)")
    except errors:
        return False
    rows = connection.execute("SELECT count(*) FROM cells").fetchone()[0]
    if rows != scan.lines - 1 and not _only_cells_with_line_breaks(table, rows, scan, delimiter, len(cells)):
        return False
    table.header, table.rows_count = [h.strip() for h in cells], rows
    return True


def _header(head: str) -> tuple[list[str], str] | None:
    """The header's cells and the delimiter, as tables.py finds them; None where it would refuse."""
    lines = head.splitlines()
    if not lines or not lines[0].strip() or ("\n" not in head and "\r" not in head):
        return None  # empty, or a header longer than the beginning read (the file is longer)
    delimiter = sniff_delimiter(head)
    if delimiter not in DELIMITERS:
        return None  # a table of one column: a line is a cell, whatever it holds
    try:
        first = next(csv.reader(io.StringIO(head, newline=""), delimiter=delimiter, strict=True))
    except (csv.Error, StopIteration):
        return None
    if any("\n" in cell or "\r" in cell for cell in first) or not first:
        return None
    return first, delimiter


def _only_cells_with_line_breaks(table: EngineTable, rows: int, scan: _Scan, delimiter: str, width: int) -> bool:
    """DuckDB read fewer or more records than the file has lines: true when quoted line breaks
    account for the difference (and none swallowed a row); false for a blank line between rows,
    which DuckDB skips and tables.py counts."""
    if not scan.quoted:
        return False
    breaking = " OR ".join(f"contains(c{i}, chr(10)) OR contains(c{i}, chr(13))" for i in range(width))
    records = table.connection.execute(f"SELECT rowid, * FROM cells WHERE {breaking} ORDER BY rowid").fetchall()
    breaks = sum(cell.count(scan.break_text) for record in records for cell in record[1:])
    if rows + breaks != scan.lines - 1:
        return False
    if any(cell[:1] in ("\n", "\r") or cell[-1:] in ("\n", "\r") for record in records for cell in record[1:]):
        return False  # a line break at a cell's edge: stripped only when tables.py finds padding
    problems = [p for record in records for p in _swallowed_lines(record[0] + 2, list(record[1:]), delimiter)]
    if problems:
        raise UnreadableFile(problems[0].message, problems=problems)
    return True


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
