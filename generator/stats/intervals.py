"""Confidence intervals of survey figures: Wilson for a share (in percent), Student's t for a mean of
scores from the raw answers, and a conservative t-interval from the respondent count alone.

Values in and out are exact; the arithmetic inside is in floats and comes back through `to_exact`.
Every interval holds its own figure (low ≤ value ≤ high) and stays inside the figure's scale.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from generator.stats.common import as_fraction, count_text, level_text, t_value, to_exact, z_value
from generator.text_ru import decimal

METHODS = ("wilson", "t", "conservative")


@dataclass(frozen=True)
class Interval:
    """A `level` % confidence interval [low, high] of a survey figure `value` from `n` respondents;
    `how` is the one line the calculation trail prints."""
    low: Fraction
    high: Fraction
    level: Fraction
    method: str
    how: str
    value: Fraction
    n: int

    @property
    def half_width(self) -> Fraction:
        """Half the width: the «± …» the site may print beside the value."""
        return (self.high - self.low) / 2

    @functools.cached_property
    def sigma(self) -> float:
        """standard_error(self), worked out once: every figure computed from this one, its range of
        places and the test of its change read it again (not a field: equality and replace() ignore it)."""
        if self.method == "wilson":
            half = self.half_width
        else:
            half = max(self.value - self.low, self.high - self.value)
        return float(half) / z_value(self.level)


def _interval(value: Fraction, low: float, high: float, *, scale: tuple[Fraction, Fraction],
              level, method: str, how: str, n: int) -> Interval:
    """Exact ends, clipped to the scale and never excluding the value itself (which rounding to
    nine decimals could otherwise do when an end touches it, e.g. Wilson at 0 of n)."""
    bottom, top = scale
    exact_low = max(bottom, min(to_exact(low), value))
    exact_high = min(top, max(to_exact(high), value))
    return Interval(low=exact_low, high=exact_high, level=as_fraction(level), method=method, how=how,
                    value=value, n=n)


def wilson(successes, n: int, level=95) -> Interval | None:
    """Wilson's score interval of the share successes / n, in percent; None when nobody answered.

    `successes` may be a Fraction: a share the act computes from a percentage (or from weighted
    answers) gives a non-whole count, and Wilson's formula is used with that share as it is — it
    needs only the observed proportion and n, so nothing is rounded to a whole respondent."""
    n = int(n)
    if n < 0:
        raise ValueError(f"a negative number of respondents: {n}")
    if n == 0:
        return None
    successes = as_fraction(successes)
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes of {n} respondents")
    p, z = float(successes / n), z_value(level)
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z / (1 + z2n) * math.sqrt(p * (1 - p) / n + z2n / (4 * n))
    how = f"доверительный интервал Уилсона, {level_text(level)}, {count_text(n)}"
    return _interval(successes / n * 100, 100 * (centre - half), 100 * (centre + half),
                     scale=(Fraction(0), Fraction(100)), level=level, method="wilson", how=how, n=n)


def wilson_share(share, n: int, level=95) -> Interval | None:
    """Wilson's interval of a share given in percent (the site's figures), from n respondents."""
    return wilson(as_fraction(share) * int(n) / 100, n, level)


def describe_answers(counts_by_score: Mapping[int, int]) -> tuple[Fraction, float, int]:
    """The mean (exact), the sample standard deviation and the number of raw answers, from the
    count of answers per score; the variance is summed exactly, so only its root is a float."""
    n, first, second = 0, 0, 0  # the count, the sum of scores and the sum of their squares
    for score, count in counts_by_score.items():
        count = int(count)
        if count < 0:
            raise ValueError(f"a negative count of answers {score}: {count}")
        score = score if isinstance(score, int) else as_fraction(score)
        n, first, second = n + count, first + score * count, second + score * score * count
    if n == 0:
        raise ValueError("no answers")
    mean = Fraction(first, n)
    if n < 2:
        return mean, math.nan, n
    return mean, math.sqrt(Fraction(n * second - first * first, n * (n - 1))), n


@functools.lru_cache(maxsize=64)  # the same scale in every criterion's trail: formatted once
def _scale_text(low, high) -> str:
    return f"{decimal(as_fraction(low))}–{decimal(as_fraction(high))}"


def mean_from_answers(counts_by_score: Mapping[int, int], level=95, low=1, high=5) -> Interval | None:
    """Student's t-interval of the mean score from the raw answers (count per score), clipped to the
    scale [low, high]; None for fewer than two answers. Answers all alike give a zero-width interval:
    the sample shows no spread (the conservative interval is the one to use when that is doubtful)."""
    bottom, top = as_fraction(low), as_fraction(high)
    if not counts_by_score or sum(counts_by_score.values()) < 2:
        return None
    outside = [s for s, c in counts_by_score.items() if c and not bottom <= s <= top]
    if outside:
        raise ValueError(f"scores outside the scale {_scale_text(low, high)}: {outside}")
    mean, sd, n = describe_answers(counts_by_score)
    half = t_value(level, n - 1) * sd / math.sqrt(n)
    how = f"t-интервал Стьюдента по ответам, {level_text(level)}, {count_text(n)}"
    return _interval(mean, float(mean) - half, float(mean) + half, scale=(bottom, top),
                     level=level, method="t", how=how, n=n)


@functools.lru_cache(maxsize=4096)  # a region asks it for the same counts tens of thousands of times
def largest_sd(n: int, low=1, high=5) -> float:
    """The largest sample standard deviation n answers on [low, high] can have: half of them at each
    end, (high − low) / 2 · √(n / (n − 1)) (reached for even n, an upper bound for odd n)."""
    return float(as_fraction(high) - as_fraction(low)) / 2 * math.sqrt(n / (n - 1))


def mean_conservative(mean, n: int, low=1, high=5, level=95) -> Interval | None:
    """The t-interval of a mean when only the respondent count is known: computed with the largest
    sample standard deviation the scale allows (`largest_sd`), so it holds the t-interval of any raw
    answers with that mean and count; clipped to the scale; None for fewer than two respondents."""
    n = int(n)
    if n < 2:
        return None
    mean, bottom, top = as_fraction(mean), as_fraction(low), as_fraction(high)
    if not bottom <= mean <= top:
        raise ValueError(f"a mean {mean} outside the scale {_scale_text(low, high)}")
    half = t_value(level, n - 1) * largest_sd(n, low, high) / math.sqrt(n)
    how = (f"консервативный t-интервал (наибольший разброс оценок шкалы {_scale_text(low, high)}), "
           f"{level_text(level)}, {count_text(n)}")
    return _interval(mean, float(mean) - half, float(mean) + half, scale=(bottom, top),
                     level=level, method="conservative", how=how, n=n)


def scaled(interval: Interval | None, factor, offset=0, how: str | None = None) -> Interval | None:
    """The interval of a figure that is a linear transform of a survey figure, exactly:
    Kaluga's Куд = CSI / 5 × 100 is `scaled(ci, 20)`; Кэф = (Куд + Кпр) / 2 with Кпр a complete
    count is `scaled(ci_kud, Fraction(1, 2), kpr / 2)` — only the survey part is uncertain."""
    if interval is None:
        return None
    factor, offset = as_fraction(factor), as_fraction(offset)
    ends = sorted((interval.low * factor + offset, interval.high * factor + offset))
    return replace(interval, low=ends[0], high=ends[1], value=interval.value * factor + offset,
                   how=interval.how if how is None else how)


def standard_error(interval: Interval) -> float:
    """The normal standard error that gives the interval its width, for simulating the figure
    (ranges of places). A t-interval is symmetric until the scale clips it, so its wider side is its
    half-width; Wilson's is a little lopsided, so half its whole width is taken. For a t-interval this
    is slightly more than s / √n (t > z): the simulation errs on the wide side."""
    return interval.sigma

