"""Big CSV tables of survey answers read by pyarrow's CSV reader, cell for cell as tables.py reads them.

A responses.csv of millions of rows is read by pyarrow's streaming CSV reader (C++, the interpreter
let go) straight into Arrow arrays of text cells, which validation checks with pyarrow and numpy
(validate/engine.py): its rows never become Python lists. DuckDB's reader read them before; it took
twice the processor time to hand over the same arrays (prefetch.Reading). The
file is taken exactly as tables.py takes it: the same encodings (a file that is not UTF-8 is
transcoded a piece at a time into a temporary UTF-8 copy outside the data folder, deleted once
read), the same delimiter guess (delimiters.py on the file's beginning), the same header. Whatever
the two readers could read differently sends the file to tables.py, which reads and words it as
always: a NUL, mixed line ends, a blank line between rows, a space beside a quote (the csv module
refuses or keeps it), a line break at the edge of a quoted cell, and anything the reader
refuses itself (a row of another width, a quote left open, bytes that are not UTF-8 in a file marked
UTF-8). So a file is either read identically or by the very code that
read it before (tests/test_responses_engine.py proves the two give the same rows and problems).

Cells are not stripped here: validation strips each distinct text once. That is what tables.py
does too — it strips every cell when one is padded, and when none is, stripping changes nothing
(a padded quoted cell is one of the cases sent to tables.py, see prefetch._quote_beside_space).
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from generator.dataset import TableOrigin
from generator.load.code_pages import code_pages_to_try
from generator.load.delimiters import DELIMITERS, sniff_delimiter
from generator.load.tables import _BOMS, RawTable, UnreadableFile, _swallowed_lines, read_table
from generator.prefetch import BIG_TABLES, MIN_BYTES, Reading, Scan, claim  # noqa: F401 (BIG_TABLES: load.dataset)
_CHUNK = 16 << 20
_HEAD = 1 << 20  # bytes decoded for the delimiter guess and the header: past delimiters.py's sample


@dataclass
class EngineTable:
    """A table read by the engine: `cells` (a pyarrow Table) has a text column c0, c1, … per header cell,
    the rows in the file's order; row i is the spreadsheet row i + first_row (2: the header is row 1;
    3 once a filled template's row of column codes is dropped, validate/code_row.py)."""

    path: str  # as messages name it
    header: list[str]
    rows_count: int
    source: Path  # the file, read again by tables.py when a schema the engine does not check asks
    encoding: str | None
    cells: object = None  # pyarrow.Table; None once closed
    sheets: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    origin: TableOrigin | None = None
    first_row: int = 2

    def __post_init__(self) -> None:
        if self.origin is None:
            self.origin = TableOrigin(self.path)

    def first_rows(self, count: int) -> list[tuple[int, list[str]]]:
        """(spreadsheet row, cells) of the first `count` rows, brought into Python (RawTable has the same)."""
        rows = self.cells.slice(0, count).to_pylist()
        return [(self.first_row + index, list(row.values())) for index, row in enumerate(rows)]

    def drop_first_row(self) -> None:
        """Leave the first row out (zero-copy); the rows after it keep their spreadsheet numbers."""
        self.cells, self.rows_count, self.first_row = self.cells.slice(1), self.rows_count - 1, self.first_row + 1

    def materialize(self) -> RawTable:
        """The table as tables.py reads it, for checks written for a RawTable."""
        self.close()
        return read_table(self.source, self.path, self.encoding)

    def close(self) -> None:
        self.cells = None  # the arrays' memory goes back at once


def read_big_csv(path: Path, shown_as: str, encoding: str | None) -> EngineTable | None:
    """The table read by pyarrow's reader, or None when tables.py is to read the file: a small one, one
    without pyarrow installed, or one the two readers might read differently. Raises
    UnreadableFile as tables.py would for a quoted cell that swallowed the following rows."""
    if path.suffix.lower() != ".csv" or path.stat().st_size < MIN_BYTES:
        return None
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:  # the engine is an accelerator: without it every file is read as before
        return None
    _small_pages()
    with tempfile.TemporaryDirectory(prefix="transparency-csv-") as folder:
        source = _utf8_source(path, encoding, Path(folder))
        if source is None:
            return None
        table = EngineTable(shown_as, [], 0, path, encoding)
        ready = _read_into(table, source.path, source.bom)
        if not ready and source.path == path and not source.bom and not _is_utf8(path):
            # a code page past the file's beginning: transcoded whole, then read again
            other = _code_page_copy(path, encoding, Path(folder))
            ready = other is not None and _read_into(table, other, False)
    return table if ready else None


def _small_pages() -> None:
    """Tell numpy to stop asking for huge pages for its arrays (what NUMPY_MADVISE_HUGEPAGE=0 does at
    start-up; a value set there is left alone). A table of millions of rows is checked and counted
    through hundreds of fresh arrays of tens of megabytes, each written once and read a few times:
    faulting them in as huge pages cost the CI machine three times as long (0,6 s of system time
    for 5 million answers)."""
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    from numpy._core import multiarray

    setter = getattr(multiarray, "_set_madvise_hugepage", None)
    if setter is not None:
        setter(False)


@dataclass(frozen=True)
class _Source:
    path: Path  # UTF-8 text: the file itself or its transcoded copy
    bom: bool  # the file itself, marked UTF-8 (BOM): never read in another encoding


def _utf8_source(path: Path, encoding: str | None, folder: Path) -> _Source | None:
    """The file in UTF-8, decided as tables.decode decides: by its BOM, else UTF-8 (the reader checks
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


def _read_into(table: EngineTable, source: Path, bom: bool) -> bool:
    """Read the UTF-8 `source` into the table's `cells`; False where tables.py is to read the file.
    The reader keeps the rows in the file's order, so row i is line i + 2 (without quoted line breaks)."""
    with open(source, "rb") as file:
        head = codecs.getincrementaldecoder("utf-8")().decode(file.read(_HEAD), final=False)
    if bom:  # the mark itself, then one more as tables.decode removes (a transcoded copy has neither)
        head = head.removeprefix("\ufeff").removeprefix("\ufeff")
    header = _header(head)
    if header is None:
        return False
    cells, delimiter = header
    # the reader reads on a thread of its own while another scans the bytes (both begun while the generator
    # started, where prefetch guessed this very reading); a file the scan sends to tables.py stops the reader
    reading = claim(source, delimiter, len(cells)) or Reading(source, delimiter, len(cells))
    scan = reading.scan()
    if not scan.safe:
        reading.interrupt()
    else:
        _while_reading(reading)
    table.cells = reading.result()
    if not scan.safe or table.cells is None:
        table.close()
        return False
    rows = table.cells.num_rows
    if rows != scan.lines - 1 and not _only_cells_with_line_breaks(table, rows, scan, delimiter):
        table.close()
        return False
    table.header, table.rows_count = [h.strip() for h in cells], rows
    return True


def _while_reading(reading: Reading) -> None:
    """The interpreter has nothing to do until the reader has read the file (half a second of
    5 million answers on two cores): the module the intervals of the answers' means import when first
    needed (scipy.special, Student's t; 0,3 s of imports in compute, stats/common.py) is imported now."""
    if reading.running():
        try:
            import scipy.special  # noqa: F401
        except ImportError:  # the intervals say so themselves when they are computed
            pass


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


def _only_cells_with_line_breaks(table: EngineTable, rows: int, scan: Scan, delimiter: str) -> bool:
    """The reader read fewer or more records than the file has lines: true when quoted line breaks
    account for the difference (and none swallowed a row); false for a blank line between rows,
    which the reader skips and tables.py counts."""
    if not scan.quoted:
        return False
    import pyarrow.compute as pc

    breaking = None
    for column in table.cells.columns:
        found = pc.or_(pc.match_substring(column, "\n"), pc.match_substring(column, "\r"))
        breaking = found if breaking is None else pc.or_(breaking, found)
    indexes = np.flatnonzero(breaking.to_numpy(zero_copy_only=False))
    records = [(int(index), *row.values()) for index, row in zip(indexes, table.cells.take(indexes).to_pylist())]
    breaks = sum(cell.count(scan.break_text) for record in records for cell in record[1:])
    if rows + breaks != scan.lines - 1:
        return False
    if any(cell[:1] in ("\n", "\r") or cell[-1:] in ("\n", "\r") for record in records for cell in record[1:]):
        return False  # a line break at a cell's edge: stripped only when tables.py finds padding
    problems = [p for record in records for p in _swallowed_lines(record[0] + 2, list(record[1:]), delimiter)]
    if problems:
        raise UnreadableFile(problems[0].message, problems=problems)
    return True
