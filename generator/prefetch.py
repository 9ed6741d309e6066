"""Big tables read while the generator is still starting: the reading of a responses.csv of millions
of rows (pyarrow's CSV reader, load/big_csv.py) begins before pandas and the rest of the generator are
imported.

Why: the reader parses in C++ with the interpreter let go, so the second of imports and the reading
overlap instead of following each other. This module imports nothing of the generator (importing
generator.load would import pandas first). It only guesses what big_csv will decide — the file's
delimiter and width from its first line, UTF-8 (with or without its mark) — and starts the very query
big_csv would run; big_csv takes the result only where its own decision is the same (`claim`), and
its own checks (the scan of the bytes, the count of rows) apply to it as to a reading of its own.
"""
from __future__ import annotations

import atexit
import codecs
import csv
import io
import threading
from dataclasses import dataclass
from pathlib import Path

# defined here, imported by load/big_csv.py: what prefetch reads early and what big_csv reads can never drift
BIG_TABLES = frozenset({"responses"})  # the stems of the tables a methodology reads a row per respondent
MIN_BYTES = 4 << 20  # a smaller file is read by tables.py in well under a second
_BLOCK = 4 << 20  # bytes the reader parses at a time: a row longer than this sends the file to tables.py
_HEAD = 64 << 10
_CHUNK = 16 << 20
_TAIL = 1 << 20  # the end of the file, looked at for blank lines after the last row
_FEW_QUOTES = 50_000  # in a chunk: found one by one rather than by numpy over its 16 MB
_started: dict[tuple, Reading] = {}
_let_go: list[Reading] = []  # readings stopped because big_csv read the file otherwise: waited for at exit
_starter: threading.Thread | None = None


def csv_options(delimiter: str, width: int) -> dict:
    """How pyarrow's CSV reader is to read every cell of a UTF-8 file (its header skipped) as text, in the
    file's order: the csv module's quoting (a doubled quote inside a quoted cell, line breaks inside
    quotes), empty cells as empty texts, blank lines skipped (big_csv counts them and refuses the file)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(width)]
    return {"read_options": pcsv.ReadOptions(skip_rows=1, column_names=names, block_size=_BLOCK),
            "parse_options": pcsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True,
                                               escape_char=False, newlines_in_values=True, ignore_empty_lines=True),
            "convert_options": pcsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                                   strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                   check_utf8=True)}


class Reading:
    """The reading of a UTF-8 file's cells by pyarrow's streaming CSV reader on a thread of its own, and the
    scan of its bytes (`Scan`) on another: `scan()` is the scan, `result()` the Arrow table, or None where
    the reader refused the file (a row of another width, a quote left open, bytes that are not UTF-8) or
    was stopped (`interrupt()`, seen between two blocks of the file).

    Why pyarrow's reader and not DuckDB's: it hands over the same text cells as Arrow arrays for half
    the processor time (0,85 s against 1,8 s for 5 million answers: DuckDB builds its own vectors
    first, then copies every text into Arrow's)."""

    def __init__(self, source: Path, delimiter: str, width: int) -> None:
        self._stopped = False
        self._table = self._scan = self._failure = None
        self._reading = threading.Thread(target=self._read, args=(source, delimiter, width), daemon=True)
        self._scanning = threading.Thread(target=self._look, args=(source, delimiter), daemon=True)
        self._reading.start()
        self._scanning.start()

    def _read(self, source: Path, delimiter: str, width: int) -> None:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        try:
            # the C library's allocator: mimalloc, pyarrow's own, asked the kernel for its pages again and
            # again (1 s of system time for 5 million answers against 0,3 s)
            reader = pcsv.open_csv(source, **csv_options(delimiter, width), memory_pool=pa.system_memory_pool())
            batches = []
            for batch in reader:
                if self._stopped:
                    return
                batches.append(batch)
            self._table = None if self._stopped else pa.Table.from_batches(batches, schema=reader.schema)
        except (pa.ArrowException, OSError):  # ArrowInvalid: a ragged row, a quote left open, not UTF-8
            self._table = None

    def _look(self, source: Path, delimiter: str) -> None:
        try:
            self._scan = _scan(source, delimiter)
        except BaseException as failure:  # raised where the scan is asked for
            self._failure = failure

    def interrupt(self) -> None:
        self._stopped = True

    def scan(self) -> Scan:
        self._scanning.join()
        if self._failure is not None:
            self.interrupt()
            self._reading.join()  # a reading thread left running at exit may abort the process
            raise self._failure
        return self._scan

    def result(self):
        self._reading.join()
        return self._table

    def running(self) -> bool:
        return self._reading.is_alive()


def prefetch(data_dir: Path) -> None:
    """Start reading the big tables of the data folder (periods/<period>/responses.csv of 4 MB or more
    in UTF-8) on a thread, pyarrow imported there too; nothing happens for anything else, or without
    pyarrow."""
    global _starter
    _starter = threading.Thread(target=_start_all, args=(Path(data_dir),), daemon=True)
    _starter.start()
    atexit.register(_stop_all)


def _stop_all() -> None:
    """At exit, readings nobody claimed (an exit before the load stage read the file) are stopped and
    waited for: a reader's thread still in C++ when the interpreter ends may abort the process (exit 134,
    the Russian report lost)."""
    if _starter is not None:
        _starter.join()
    for reading in [*_started.values(), *_let_go]:
        reading.interrupt()
        reading.result()
    _started.clear()
    _let_go.clear()


def claim(source: Path, delimiter: str, width: int) -> Reading | None:
    """The reading prefetch started of exactly this query on the file as it still is, taken once; one
    of the same file guessed otherwise is stopped and let go."""
    if _starter is not None:
        _starter.join()  # until its readings have begun, not ended
    wanted = _key(source, delimiter, width)
    for key in [key for key in _started if key[0] == wanted[0] and key != wanted]:
        reading = _started.pop(key)
        reading.interrupt()
        _let_go.append(reading)  # not waited for here (the load goes on), but at exit
    return _started.pop(wanted, None)


def _start_all(data_dir: Path) -> None:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return
    try:
        files = sorted(p for p in (data_dir / "periods").glob("*/*") if p.stem in BIG_TABLES and p.suffix.lower() == ".csv")
    except OSError:
        return
    for path in files:
        try:
            _start(path)
        except (OSError, csv.Error, UnicodeDecodeError, StopIteration):
            continue  # big_csv reads it itself, and says what is wrong


def _start(path: Path) -> None:
    if path.is_symlink() or not path.is_file() or path.stat().st_size < MIN_BYTES:
        return
    with open(path, "rb") as file:
        head = file.read(_HEAD)
    text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False).removeprefix("\ufeff")
    line = text.split("\n", 1)[0].split("\r", 1)[0]
    counts = {d: line.count(d) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)
    if not counts[delimiter] or list(counts.values()).count(counts[delimiter]) > 1:
        return
    width = len(next(csv.reader(io.StringIO(line), delimiter=delimiter)))
    key = _key(path, delimiter, width)
    if key not in _started:
        _started[key] = Reading(path, delimiter, width)


def _key(path: Path, delimiter: str, width: int) -> tuple:
    status = path.stat()
    return str(path.resolve()), status.st_size, status.st_mtime_ns, delimiter, width


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@dataclass
class Scan:
    """What the bytes of a UTF-8 file say before the reader reads it."""

    lines: int = 0  # lines up to the last one with something on it
    quoted: bool = False
    safe: bool = True  # False: something the two readers might read differently
    break_text: str = "\n"  # how a line ends inside a quoted cell, to count them alike


def _scan(path: Path, delimiter: str) -> Scan:
    """One pass in C over the bytes: NULs, quotes beside spaces or followed by text, line ends. The
    line ends and the quotes are counted by numpy (a byte compared at a time, the interpreter let go
    while the reader and the imports go on): bytes.count took three times as long (0,6 s of
    processor time for 233 MB)."""
    import numpy as np

    scan, terminators, tail = Scan(), {"\n": 0, "\r": 0, "\r\n": 0}, b""
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            joined = tail + chunk  # a pattern split between two chunks is still found
            if b"\x00" in chunk:
                return Scan(safe=False)
            codes = np.frombuffer(joined, dtype=np.uint8)
            if b'"' in chunk:
                scan.quoted = True
                quotes = np.flatnonzero(codes == 0x22)
                if (_quote_beside_space(joined, delimiter, quotes)
                        or _text_after_closing_quote(joined, delimiter, quotes)):
                    return Scan(safe=False)
            terminators["\n"] += int(np.count_nonzero(codes[len(tail):] == 0x0A))
            if b"\r" in joined:
                terminators["\r"] += chunk.count(b"\r")
                terminators["\r\n"] += joined.count(b"\r\n") - tail.count(b"\r\n")
            tail = chunk[-(3 + len(chunk) - len(chunk.rstrip(b'"'))):]  # a run of quotes at the end whole
        file.seek(max(0, file.tell() - _TAIL))
        end = file.read()
    content = end.rstrip(b"\r\n")
    if not content:
        return Scan(safe=False)  # a megabyte of blank lines at the end
    if terminators["\r"] == 0:
        count = terminators["\n"]
    elif terminators["\r"] == terminators["\r\n"]:
        count, scan.break_text = terminators["\r\n"], "\r\n"
    elif terminators["\n"] == 0:
        count, scan.break_text = terminators["\r"], "\r"
    else:
        return Scan(safe=False)  # mixed line ends
    scan.lines = count - _line_ends(end[len(content):]) + 1
    return scan


def _quote_beside_space(data: bytes, delimiter: str, quotes=None) -> bool:
    """Spaces between a quote and the edge of its cell (` "x"`, `"x" `): the two readers take them
    differently,
    the csv module keeps them as text or refuses the row. A space beside a quote inside a cell
    (`и ""слово""`) reads alike and is let through. Only the quotes beside a blank are followed to the
    cell's edge (a file with very many goes to tables.py)."""
    blanks = {0x20, 0xA0, 0xC2} | ({0x09} if delimiter != "\t" else set())  # no-break space: C2 A0
    suspects = _quotes_beside(data, blanks, quotes)
    if len(suspects) > 10_000:
        return True
    edges = {ord(delimiter), 0x0A, 0x0D}
    for quote in suspects:
        for step in (-1, 1):
            at = quote + step
            while 0 <= at < len(data) and data[at] in blanks:
                at += step
            if at != quote + step and (not 0 <= at < len(data) or data[at] in edges):
                return True
    return False


def _text_after_closing_quote(data: bytes, delimiter: str, quotes=None) -> bool:
    """A quoted cell that goes on after its closing quote (`"ab"c`): the csv module refuses the row,
    pyarrow's reader joins the texts. Found as an odd run of quotes between two bytes that are neither
    the delimiter nor a line end (a doubled quote inside a quoted cell is an even run; an opening or a
    closing quote touches an edge). A quote inside an unquoted cell (`ab"c`) looks the same and is
    sent to tables.py too: rare, and read there as before. Runs touching either end of `data` are
    judged in the chunk before or after (the scan's tail keeps a run at a chunk's end whole)."""
    import numpy as np

    quotes = _quote_positions(data) if quotes is None else quotes
    if not len(quotes):
        return False
    breaks = np.flatnonzero(np.diff(quotes) != 1)
    starts = quotes[np.concatenate(([0], breaks + 1))]
    ends = quotes[np.concatenate((breaks, [len(quotes) - 1]))]
    inner = ((ends - starts) % 2 == 0) & (starts > 0) & (ends + 1 < len(data))
    if not inner.any():
        return False
    codes = np.frombuffer(data, dtype=np.uint8)
    edges = [ord(delimiter), 0x0A, 0x0D]
    return bool((~np.isin(codes[starts[inner] - 1], edges) & ~np.isin(codes[ends[inner] + 1], edges)).any())


def _quote_positions(data: bytes):
    """Where the quotes are (a numpy array): found one by one when few (comments with commas), by numpy
    over the whole chunk when many (a file quoting every cell)."""
    import numpy as np

    if data.count(b'"') > _FEW_QUOTES:
        return np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0x22)
    quotes, at = [], data.find(b'"')
    while at >= 0:
        quotes.append(at)
        at = data.find(b'"', at + 1)
    return np.array(quotes, dtype=np.int64)


def _quotes_beside(data: bytes, blanks: set[int], quotes=None) -> list[int]:
    """Where a quote has a blank before or after it (`quotes`: where the quotes are, when known). A few
    quotes (comments with commas) are found one by one; a file quoting every cell, by numpy over the
    whole chunk."""
    if quotes is None and data.count(b'"') <= _FEW_QUOTES:
        quotes, at = [], data.find(b'"')
        while at >= 0:
            quotes.append(at)
            at = data.find(b'"', at + 1)
        return [q for q in quotes if (q > 0 and data[q - 1] in blanks) or (q + 1 < len(data) and data[q + 1] in blanks)]
    import numpy as np

    codes = np.frombuffer(data, dtype=np.uint8)
    quotes = np.flatnonzero(codes == 0x22) if quotes is None else quotes
    if len(quotes) <= _FEW_QUOTES:  # a few: looked at one by one
        return [q for q in quotes.tolist()
                if (q > 0 and data[q - 1] in blanks) or (q + 1 < len(data) and data[q + 1] in blanks)]
    edge = np.zeros(1, dtype=np.uint8)
    padded = np.concatenate((edge, codes, edge))
    beside = np.isin(padded[quotes], list(blanks)) | np.isin(padded[quotes + 2], list(blanks))
    return quotes[beside].tolist()


def _line_ends(text: bytes) -> int:
    return text.count(b"\n") + text.count(b"\r") - text.count(b"\r\n")
