"""Which delimiter a CSV table was saved with: comma, semicolon or tab.

The header is the authority on how many columns the table has, and every line of the table's
beginning is read with each delimiter, quotes respected: the delimiter is the one under which the
lines have as many cells as the header. Counting delimiters in the header alone cuts a seed header
that holds commas («Размер платы, взимаемой с получателя муниципальной услуги, руб.») in a table
Russian Excel saved with semicolons (it does, the comma being the decimal separator).

- The header splits under some delimiter: of those, the one most lines fit; on a tie tab, then
  semicolon, then comma — a semicolon or a tab in every line is a delimiter far more often than
  text, while commas are in Russian text and numbers (a decimal comma in every row and one in the
  header fit both ways).
- The header splits under none: the table has one column (Baikonur's proposals.csv, «Предложение»)
  and a line is one cell — «Продлить часы приёма, по субботам», saved by Excel unquoted with `;`,
  is one proposal, not two cells. A quoted cell is unquoted as usual; only when some line would
  split under every delimiter (a hand-made file) is it still taken whole.

A line that does not fit the chosen delimiter is refused later, with its row number
(row-length-mismatch): what the table's beginning shows is not stretched over the rest.
"""
from __future__ import annotations

import csv
import io

DELIMITERS = ("\t", ";", ",")  # by preference on a tie
_SAMPLE = 1 << 16  # characters: a few hundred lines of any table, read three times in C
_WHOLE_LINE = "\x1f"  # the ASCII unit separator, which no spreadsheet writes: a line is one cell


def sniff_delimiter(text: str) -> str:
    """The delimiter to read `text` with (a character not in it for a table of one column)."""
    width, lines = {}, {}
    for delimiter in DELIMITERS:
        records = _sample_records(text, delimiter)
        width[delimiter] = len(records[0]) if records else 0
        lines[delimiter] = [r for r in records[1:] if any(cell.strip() for cell in r)]
    fitting = {d: sum(_fits(r, width[d]) for r in lines[d]) for d in DELIMITERS}
    splitting = [d for d in DELIMITERS if width[d] > 1]
    if splitting:
        return max(splitting, key=lambda d: (fitting[d], -DELIMITERS.index(d)))
    whole = [d for d in DELIMITERS if fitting[d] == len(lines[d])]
    if whole:
        return whole[0]
    return _WHOLE_LINE if _WHOLE_LINE not in text else max(DELIMITERS, key=fitting.get)


def _sample_records(text: str, delimiter: str) -> list[list[str]]:
    """The records of the table's beginning read with `delimiter`; the last one is left out when the
    sample ends before the text does (a quoted cell may run on past the cut)."""
    sample = text[:_SAMPLE]
    cut = len(text) > len(sample)
    if cut:
        sample = sample[:max(sample.rfind("\n"), sample.rfind("\r")) + 1] or sample
    try:
        records = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except csv.Error:  # a NUL or an endless cell: the reading proper reports what is wrong
        return []
    return records[:-1] if cut and len(records) > 1 else records


def _fits(record: list[str], width: int) -> bool:
    """As many cells as the header, or more with the extra ones empty (as tables.py's ragged-row
    check accepts: some exports write empty cells after the last column)."""
    return len(record) == width or len(record) > width and not any(cell.strip() for cell in record[width:])
