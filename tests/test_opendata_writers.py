"""The open-data writers' fast ways write what the plain ones did: number_text is decimal_text, results.json
is json.dumps(indent=1), a table written a column at a time is the table written cell by cell."""
from __future__ import annotations

import csv
import io
import json
from fractions import Fraction

from hypothesis import given, strategies as st

from generator.exact import decimal_text
from generator.opendata import NUMBERS, RESULT_COLUMNS, _cell, _json_number, results_json, to_csv
from generator.opendata_xlsx import NumberTexts, column_values, number_text

fractions = st.fractions(max_denominator=10 ** 9) | st.builds(Fraction, st.integers(-10 ** 40, 10 ** 40),
                                                                st.integers(1, 10 ** 12))


@given(fractions | st.integers(-10 ** 30, 10 ** 30))
def test_number_text_is_decimal_text(value):
    assert number_text(value) == decimal_text(value)


def test_number_text_at_the_edges():
    for value in (Fraction(1, 2 * 10 ** 6), Fraction(-1, 2 * 10 ** 6), Fraction(-1, 3 * 10 ** 6), Fraction(10 ** 29, 3),
                  Fraction(-81_05, 100), Fraction(-125, 1000), 0, Fraction(0), 0.85, -0.0):
        assert number_text(value) == decimal_text(value)


texts = st.one_of(st.none(), st.text(max_size=5), st.booleans(), st.integers(-5, 5))
figures = st.one_of(st.none(), st.integers(-5, 5), fractions)


@given(st.lists(st.fixed_dictionaries({c: figures if c in NUMBERS else texts for c in RESULT_COLUMNS}), max_size=6))
def test_results_json_and_csv_are_the_plain_writings(rows):
    plain_json = json.dumps([{**r, **{k: _json_number(r[k]) for k in NUMBERS}} for r in rows],
                            ensure_ascii=False, indent=1) + "\n"
    assert results_json(rows, column_values(rows, RESULT_COLUMNS), NumberTexts()) == plain_json
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(RESULT_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in RESULT_COLUMNS})
    assert to_csv(rows, RESULT_COLUMNS) == out.getvalue()
