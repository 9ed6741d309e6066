"""Exact numbers: every figure is computed on fractions built from the decimal text of the inputs,
compared with scale edges and ranked exactly, and rounded only when it is printed, by one rule.

Why: 0,82 and 0,88 are not binary floats, so (0,82 + 0,88) / 2 in floats is 0,8499999999999999 and
falls below the edge 0,85 of a scale the act closes on that side.
"""
from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction

Exact = Fraction  # the type of every computed figure
OPEN_DATA_DECIMALS = 6  # open data: up to 6 decimals, trailing zeros removed

_DECIMAL_TEXT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def exact(value) -> Fraction | None:
    """`value` as an exact fraction; None for a missing value (None or NaN).

    Decimal text (`"4,56"`, `"0.85"`) and Decimals are taken digit for digit. A float, which only
    reaches here from a spreadsheet cell or a YAML number, is taken by its shortest decimal form
    (`0.85` → 85/100), which is the number its author typed."""
    if value is None:
        return None
    kind = type(value)
    if kind is Fraction:  # the usual cases first, by type: isinstance checks against the numbers ABCs cost
        return value      # more than the rest of a figure's arithmetic
    if kind is int:
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, numbers.Integral):  # also numpy integers
        return Fraction(int(value))
    if isinstance(value, Decimal):
        return None if value.is_nan() else Fraction(value)
    if isinstance(value, str):
        text = re.sub(r"[\s\u00a0\u202f]", "", value)
        if not _DECIMAL_TEXT.fullmatch(text):
            raise ValueError(value)
        return Fraction(text.replace(",", "."))
    if isinstance(value, numbers.Real):  # float, numpy floats
        number = float(value)
        if math.isnan(number):
            return None
        if math.isinf(number):
            raise ValueError("an infinite value is not a figure")
        return Fraction(repr(number))
    raise TypeError(f"not a number: {value!r}")


def exact_sum(values) -> Fraction:
    """Σ values (fractions or ints), the very fraction `sum(values, Fraction(0))` gives. Why: that adds
    one term at a time, normalising each partial sum (two gcds and a new Fraction per term); here the
    terms are put over their least common denominator and normalised once (a municipal mean of a
    region's organs adds hundreds of figures)."""
    terms = [(v.numerator, v.denominator) for v in values]
    common = math.lcm(*(d for _, d in terms)) if terms else 1
    return Fraction(sum(n * (common // d) for n, d in terms), common)


def round_half_away(value, decimals: int) -> Decimal:
    """Round half away from zero, as Russian official tables do (81,05 → 81,1; −0,125 → −0,13).
    Exact: the decision is taken on the fraction, never on a binary approximation."""
    fraction = exact(value)
    scaled = abs(fraction) * 10 ** decimals
    whole = math.floor(scaled + Fraction(1, 2))
    sign = -1 if fraction < 0 else 1
    return Decimal(sign * whole).scaleb(-decimals) if decimals else Decimal(sign * whole)


def decimal_text(value, decimals: int = OPEN_DATA_DECIMALS) -> str:
    """Machine-readable decimal text for open data: a point, at most `decimals` places, no trailing
    zeros, no exponent (`67.8`, `66.933333`, `100`, `-0.5`)."""
    shown = round_half_away(value, decimals)
    text = f"{shown:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
