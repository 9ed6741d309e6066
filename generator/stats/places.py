"""Ranges of places: the places a subject (an organ, a service) could take in a rating, given the
error of its figure. The place itself stays as the act defines it (generator/results.py
`assign_ranks`: best first, equal values share the smallest place); the range only accompanies it,
and always holds it. Two ways, the first the default:

- "pairwise": another subject is certainly better when the difference of the two figures is
  significant (more than z · √(se₁² + se₂²), the test of change applied between subjects), certainly
  worse likewise; the range runs from one more than the number certainly better to one more than the
  number that may be better (neither certainly worse nor, without error, exactly equal). In plain
  words: «значимо выше — двое, может быть выше — ещё пятеро: место от 3 до 8».
- "simulation": every figure is drawn `draws` times from Normal(value, se), each draw is ranked as
  the site ranks, and the range is the central `level` % of the subject's simulated places. Narrower,
  but when many subjects lie within each other's error it misses the true place too often (92–94 %
  of simulated surveys for 15 organs within a few points, tests/test_stats_simulation.py): a sum
  of many uncertain comparisons is less spread in the simulation than the truth can be.

Deterministic: no chance in "pairwise"; one seeded generator (PCG64) in "simulation", subjects
sorted by key before drawing, so the same subjects in any order get the same ranges.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from generator.stats.common import tail, z_value

SEED = 20261202
DRAWS = 2000
METHODS = ("pairwise", "simulation")


@dataclass(frozen=True)
class Subject:
    """One ranked figure: `se` is its standard error (intervals.standard_error); None or 0 for a
    figure without sampling error (a complete count), which every draw keeps as it is."""
    key: Hashable
    value: Fraction
    se: float | None = None


def actual_places(values: Sequence[Fraction], higher_is_better: bool = True) -> list[int]:
    """The places of exact values as the site gives them: one more than the number strictly better."""
    signed = sorted(-v if higher_is_better else v for v in values)
    places, better = {}, 0
    for position, value in enumerate(signed):
        if position == 0 or value != signed[position - 1]:
            better = position
        places.setdefault(value, better + 1)
    return [places[-v if higher_is_better else v] for v in values]


def _simulated_places(scores: np.ndarray) -> np.ndarray:
    """Places in every row (a draw) of `scores`, higher first, equal scores sharing the smallest
    place; the same shape as `scores`."""
    draws, count = scores.shape
    order = np.argsort(-scores, axis=1, kind="stable")
    ranked = np.take_along_axis(scores, order, axis=1)
    positions = np.broadcast_to(np.arange(count), (draws, count))
    starts_run = np.ones((draws, count), dtype=bool)
    starts_run[:, 1:] = ranked[:, 1:] != ranked[:, :-1]
    first_of_run = np.maximum.accumulate(np.where(starts_run, positions, 0), axis=1)
    places = np.empty_like(order)
    np.put_along_axis(places, order, first_of_run + 1, axis=1)
    return places


def _pairwise(values: np.ndarray, errors: np.ndarray, level) -> tuple[np.ndarray, np.ndarray]:
    """The lowest and highest place of each subject from the significant differences."""
    difference = values[None, :] - values[:, None]  # [i, j]: how far j is above i
    margin = z_value(level) * np.sqrt(errors[None, :] ** 2 + errors[:, None] ** 2)
    # Without any error (margin 0) a difference is certain as soon as it is not zero, and equal
    # figures are tied for certain: they share a place, as the site ranks them.
    # Compared on 9 decimals, as p-values are (stats/changes.py): a difference equal to its margin up to the
    # last bits of a float is the same on every machine (the margin's z comes from scipy).
    above = np.round(difference - margin, 9) > 0
    maybe_above = (np.round(difference + margin, 9) >= 0) & ~((margin == 0) & (difference == 0))
    np.fill_diagonal(maybe_above, False)
    return 1 + above.sum(axis=1), 1 + maybe_above.sum(axis=1)


def _simulation(values: np.ndarray, errors: np.ndarray, level, draws: int, seed: int
                ) -> tuple[np.ndarray, np.ndarray]:
    """The central `level` % of each subject's places over `draws` seeded draws."""
    noise = np.random.Generator(np.random.PCG64(seed)).standard_normal((draws, len(values)))
    # A fixed subject gets exactly its value in every draw, so fixed equal values stay tied.
    places = _simulated_places(values + np.where(errors > 0, noise * errors, 0.0))
    share_out = tail(level) / 2
    return (np.quantile(places, share_out, axis=0, method="lower"),
            np.quantile(places, 1 - share_out, axis=0, method="higher"))


def place_ranges(subjects: Sequence[Subject], *, higher_is_better: bool = True, method: str = "pairwise",
                 draws: int = DRAWS, seed: int = SEED, level=95) -> dict[Hashable, tuple[int, int]]:
    """The range of places (lowest, highest) of every subject, by key; `draws` and `seed` are those
    of the simulation."""
    if method not in METHODS:
        raise ValueError(f"ranges of places are {METHODS}, not {method!r}")
    ordered = sorted(subjects, key=lambda s: s.key)
    keys = [s.key for s in ordered]
    if len(set(keys)) != len(keys):
        raise ValueError("two subjects with one key")
    if not ordered:
        return {}
    actual = actual_places([s.value for s in ordered], higher_is_better)
    values = np.array([float(s.value) for s in ordered]) * (1.0 if higher_is_better else -1.0)
    errors = np.array([float(s.se or 0.0) for s in ordered])
    if (errors < 0).any() or not np.isfinite(errors).all():
        raise ValueError("a standard error is negative or not a number")
    if method == "pairwise":
        lows, highs = _pairwise(values, errors, level)
    else:
        lows, highs = _simulation(values, errors, level, draws, seed)
    return {key: (min(int(low), place), max(int(high), place))
            for key, low, high, place in zip(keys, lows, highs, actual)}
