"""What every piece of the statistics shares: the one rule that turns a float result back into an
exact figure, the quantiles of the normal and Student distributions, and how a level is written.

z comes from the standard library (`statistics.NormalDist`); only Student's t needs scipy, which
the standard library lacks (its scipy.special functions, which scipy.stats calls too).
"""
from __future__ import annotations

import functools
import math
from fractions import Fraction
from statistics import NormalDist

from generator.text_ru import NBSP, decimal, number

DECIMALS = 9  # far finer than anything printed (one decimal), far coarser than float noise
_NORMAL = NormalDist()


def to_exact(x: float) -> Fraction:
    """A float result as an exact figure, by one fixed rule: rounded to nine decimals and taken by
    its shortest decimal text (64.972... → 64972xxxxx/10⁹). Why: the same inputs then give the same
    fraction, hence the same printed interval, whatever the last bit of the float was."""
    if not math.isfinite(x):
        raise ValueError(f"not a finite number: {x!r}")
    text = repr(round(float(x), DECIMALS))  # repr(-0.0) → Fraction 0
    whole, point, decimals = text.partition(".")
    if "e" in text or not point:
        return Fraction(text)
    # the fraction Fraction(text) parses, read without its regular expression (a region's build
    # turns tens of thousands of interval ends into fractions)
    return Fraction(int(whole + decimals), 10 ** len(decimals))


def as_fraction(value) -> Fraction:
    """An input figure (int, Fraction or decimal text) as a fraction; floats are refused, as a
    figure reaches here already exact."""
    if type(value) is Fraction:  # already one: Fraction(value) would only copy it
        return value
    if isinstance(value, float):
        raise TypeError("figures are exact: pass a Fraction or an int, not a float")
    return Fraction(value)


def tail(level) -> float:
    """The probability outside a central interval of `level` percent: 95 → 0.05."""
    level = as_fraction(level)
    if not 0 < level < 100:
        raise ValueError(f"a level is a percentage strictly between 0 and 100: {level}")
    return float(1 - level / 100)


@functools.lru_cache(maxsize=256)
def z_value(level) -> float:
    """The normal quantile of a central `level` % interval: 95 → 1.959963984540054."""
    return _NORMAL.inv_cdf(1 - tail(level) / 2)


@functools.lru_cache(maxsize=4096)
def t_value(level, df: float) -> float:
    """Student's quantile of a central `level` % interval with `df` degrees of freedom."""
    # scipy.special: what stats.t.ppf computes, the same float, without importing scipy.stats (half a
    # second of start-up; scipy is imported when first needed at all)
    from scipy.special import stdtrit

    return float(stdtrit(df, 1 - tail(level) / 2))


def normal_two_sided(z: float) -> float:
    """The two-sided p-value of a normal statistic."""
    return 2 * _NORMAL.cdf(-abs(z))


def t_two_sided(t: float, df: float) -> float:
    """The two-sided p-value of a Student statistic."""
    from scipy.special import stdtr  # stats.t.sf(x, df) is stdtr(df, -x)

    return float(2 * stdtr(df, -abs(t)))


@functools.lru_cache(maxsize=256)  # every interval's trail prints its level and count: babel once for each
def level_text(level) -> str:
    """`95 %`, `99,8 %` — a level as the site writes a percentage."""
    return f"{decimal(as_fraction(level), 3)}{NBSP}%"


@functools.lru_cache(maxsize=4096, typed=True)
def count_text(n: int) -> str:
    """`n = 1 024` — a sample size in a calculation trail."""
    return f"n{NBSP}={NBSP}{number(n)}"
