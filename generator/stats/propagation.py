"""How a survey's error reaches the figures computed from it, and whether a change between two periods
is more than that error.

A methodology gives its survey figures their intervals (Wilson for a share, a t-interval for a mean of
scores); every figure computed from them inherits a normal interval, value ± z·σ, where σ is carried
through the act's formula by the delta method (`sampling_error`). Complete counts
(requests, complaints) carry no error, so a composite of a survey part and a count part is exactly as
uncertain as its survey part.
"""
from __future__ import annotations

import functools
import math
from dataclasses import replace
from fractions import Fraction

from generator.exact import exact
from generator.figures import Input, Ref, Term, _Operation
from generator.stats.changes import ChangeTest, _verdict, two_proportions, untested
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



def evaluated(term: Term, into: dict[int, Fraction]) -> Fraction | None:
    """The exact value of `term`, as `value()` gives it, with the value of every node it passes kept in
    `into` (by the node's id) for the gradient pass; None as soon as a part has no value."""
    if isinstance(term, Ref):
        found = exact(term.input.value)
    elif isinstance(term, _Operation):
        parts = []
        for t in term.terms:
            part = evaluated(t, into)
            if part is None:
                return None
            parts.append(part)
        found = term.combine(parts)
    else:
        found = term.value()
    if found is not None:
        into[id(term)] = found
    return found


def _gradient(term: Term, adjoint: Fraction, values: dict[int, Fraction], into: dict[int, Fraction]) -> None:
    """Adds adjoint × ∂term/∂x to into[id(x)] for every input x of `term` (reverse mode: one walk down the
    tree, each node handing its children their share of the derivative). Exact: fractions throughout.
    Any term other than a Ref or an operation (a Const) depends on no input."""
    if isinstance(term, Ref):
        key = id(term.input)
        into[key] = into[key] + adjoint if key in into else adjoint
    elif isinstance(term, _Operation):
        for part, factor in zip(term.terms, term.partials([values[id(t)] for t in term.terms])):
            if factor:
                _gradient(part, adjoint if factor == 1 else adjoint * factor, values, into)


def sampling_error(expression: Term, value: Fraction | None = None, used: list[Input] | None = None,
                   values: dict[int, Fraction] | None = None) -> float | None:
    """The standard error of a calculation whose inputs include survey estimates (inputs with `se`), by
    the delta method: √Σ (∂f/∂xᵢ · seᵢ)², the surveys taken as independent samples. The derivatives are
    exact (one reverse pass over the tree), so sums and means — linear in the survey figures — carry
    their parts' errors exactly. None when the calculation has no value.

    `value` is the expression's own and is not needed; `used` (its refs()) and `values` (every node's
    value, from `evaluated`) save computing them again when the caller has them."""
    used = expression.refs() if used is None else used
    # each input object once (by identity: two inputs may be equal in every field and still be two parts)
    sampled = [i for i in {id(i): i for i in used}.values() if i.se is not None and i.value is not None]
    if not sampled:
        return None
    if values is None:
        values = {}
        if evaluated(expression, values) is None:
            return None
    slopes: dict[int, Fraction] = {}
    _gradient(expression, Fraction(1), values, slopes)
    variance = 0.0
    for known in sampled:
        variance += (float(slopes.get(id(known), 0)) * known.se) ** 2
    return math.sqrt(variance)


def carried_interval(expression: Term, value: Fraction, used: list[Input] | None = None,
                     values: dict[int, Fraction] | None = None) -> Interval | None:
    """The interval a figure inherits from the survey figures it is computed from (None when none is);
    `used` and `values` as sampling_error takes them."""
    used = expression.refs() if used is None else used
    if not any(i.se is not None for i in used):
        return None
    se = sampling_error(expression, value, used, values)
    if se is None:
        return None
    interval = carried(value, se)
    if value <= 100 and all(i.unit == "%" for i in used if i.se is not None):
        # a share of shares stays a share: its interval ends at 100 %, as each part's does
        interval = replace(interval, high=min(interval.high, Fraction(100)))
    return interval


@functools.lru_cache(maxsize=64)  # every carried interval's trail prints it
def _z_text(level) -> str:
    from generator.text_ru import decimal

    return decimal(Fraction(repr(round(z_value(level), 2))), 2)


def change_test(before: Interval | None, now: Interval | None, difference=None) -> ChangeTest | None:
    """The test of the change from `before` to `now`: a pooled two-proportion z-test when both are
    shares of respondents (Wilson intervals with their counts), otherwise a z-test of the difference with
    the two standard errors (Welch's test for large samples; the errors of conservative intervals make it
    conservative too). None when neither figure has an interval (complete counts: no test is due), and
    when only one has and the change (`difference`, later − earlier) is not given; with it, `untested`:
    the other period's survey error is unknown, so the change is neither real nor within the error."""
    if before is None and now is None:
        return None
    if before is None or now is None:
        return None if difference is None else untested(Fraction(difference))
    if before.method == now.method == "wilson" and before.n and now.n:
        return two_proportions(before.value, before.n, now.value, now.n)
    difference = now.value - before.value
    spread = math.hypot(standard_error(before), standard_error(now))
    if spread == 0:
        return _verdict(difference, 1.0 if difference == 0 else 0.0)
    return _verdict(difference, normal_two_sided(float(difference) / spread))
