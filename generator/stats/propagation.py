"""How a survey's error reaches the figures computed from it, and whether a change between two periods
is more than that error.

A methodology gives its survey figures their intervals (Wilson for a share, a t-interval for a mean of
scores); every figure computed from them inherits a normal interval, value ± z·σ, where σ is carried
through the act's formula by the delta method (generator.figures.sampling_error). Complete counts
(requests, complaints) carry no error, so a composite of a survey part and a count part is exactly as
uncertain as its survey part.
"""
from __future__ import annotations

import math
from fractions import Fraction

from generator.stats.changes import ChangeTest, _verdict, two_proportions
from generator.stats.common import level_text, normal_two_sided, to_exact, z_value
from generator.stats.intervals import Interval, standard_error

LEVEL = 95


def carried(value: Fraction, se: float, level=LEVEL) -> Interval:
    """value ± z·σ; never below zero for a figure that is not negative (no act's figure is)."""
    half = z_value(level) * se
    low = to_exact(float(value) - half)
    if value >= 0:
        low = max(Fraction(0), low)
    high = to_exact(float(value) + half)
    how = (f"погрешность опроса, перенесённая по формуле показателя: значение ± {_z_text(level)} × σ, "
           f"{level_text(level)}")
    return Interval(low=min(low, value), high=max(high, value), level=Fraction(level), method="carried", how=how,
                    value=value, n=0)


def _z_text(level) -> str:
    from generator.text_ru import decimal

    return decimal(Fraction(repr(round(z_value(level), 2))), 2)


def change_test(before: Interval | None, now: Interval | None) -> ChangeTest | None:
    """The test of the change from `before` to `now`: a pooled two-proportion z-test when both are
    shares of respondents (Wilson intervals with their counts), otherwise a z-test of the difference with
    the two standard errors (Welch's test for large samples; the errors of conservative intervals make it
    conservative too). None when either figure has no interval."""
    if before is None or now is None:
        return None
    if before.method == now.method == "wilson" and before.n and now.n:
        return two_proportions(before.value, before.n, now.value, now.n)
    difference = now.value - before.value
    spread = math.hypot(standard_error(before), standard_error(now))
    if spread == 0:
        return _verdict(difference, 1.0 if difference == 0 else 0.0)
    return _verdict(difference, normal_two_sided(float(difference) / spread))
